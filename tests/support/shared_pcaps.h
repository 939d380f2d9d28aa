// Where the real captures are: ../shared/pcaps beside the repository (from
// the repo root, ctest's working directory), or $NETMON_PCAPS. Tests that
// read them skip when the folder is absent, unless NETMON_REQUIRE_SHARED=1
// (tests/run-all sets it under CI): then they fail, so a CI run cannot pass
// without having compared against the captures.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string_view>

namespace netmon::test {

inline std::filesystem::path shared_pcaps_dir()
{
    const char *dir = std::getenv("NETMON_PCAPS");
    return dir && *dir ? std::filesystem::path(dir) : std::filesystem::path("../shared/pcaps");
}

inline bool shared_pcaps_required()
{
    const char *required = std::getenv("NETMON_REQUIRE_SHARED");
    return required && std::string_view(required) == "1";
}

} // namespace netmon::test

// In a test body or SetUp(): skip (or fail, under NETMON_REQUIRE_SHARED=1)
// when the capture folder is absent. tests/run-all lists the skips by the
// "shared captures absent" prefix.
#define NETMON_NEED_SHARED_PCAPS()                                                                 \
    do {                                                                                           \
        const auto shared_dir = netmon::test::shared_pcaps_dir();                                  \
        if (!std::filesystem::is_directory(shared_dir)) {                                          \
            if (netmon::test::shared_pcaps_required())                                             \
                GTEST_FAIL() << "shared captures absent: "                                         \
                             << std::filesystem::absolute(shared_dir)                              \
                             << " (required: NETMON_REQUIRE_SHARED=1)";                            \
            GTEST_SKIP() << "shared captures absent: " << std::filesystem::absolute(shared_dir)    \
                         << " (put them there or set NETMON_PCAPS)";                               \
        }                                                                                          \
    } while (0)
