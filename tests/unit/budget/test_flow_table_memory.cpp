#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "budget/flow_table_memory.h"
#include "core/error.h"

namespace {

using namespace netmon;

constexpr uint64_t kMiB = uint64_t{1} << 20;
constexpr uint64_t kGiB = uint64_t{1} << 30;

// docs/memory.md's figures: 25.25 MiB at 65,536 and 404 MiB at 1,048,576 on
// 2 CPUs (bench_map_memory measures the same from the kernel's accounting).
TEST(FlowTableMemory, FormulaMatchesTheDocumentedFigures)
{
    EXPECT_EQ(flow_table_bytes(65536, 2), 2 * 2 * (65536 * 96 + 5120 * 64));
    EXPECT_EQ(flow_table_bytes(65536, 2), 101 * kMiB / 4);
    EXPECT_EQ(flow_table_bytes(1048576, 2), 404 * kMiB);
    // A quarter more index slots than flows, rounded up, in whole 16-slot
    // buckets: 81,922 slots take 5,121 buckets.
    EXPECT_EQ(flow_table_bytes(65537, 1), 2 * (65537 * 96 + 5121 * 64));
}

TEST(FlowTableMemory, ReadsMemAvailableInBytes)
{
    std::string path = testing::TempDir() + "/meminfo";
    std::ofstream(path) << "MemTotal:       24683620 kB\nMemFree:  1 kB\n"
                           "MemAvailable:   20294068 kB\nBuffers: 5 kB\n";
    EXPECT_EQ(mem_available_bytes(path), uint64_t{20294068} * 1024);
    std::ofstream(path) << "MemTotal: 5 kB\n";
    EXPECT_EQ(mem_available_bytes(path), std::nullopt);
    EXPECT_EQ(mem_available_bytes(testing::TempDir() + "/no-such-meminfo"), std::nullopt);
    std::remove(path.c_str());
}

TEST(FlowTableMemory, AcceptsWhatFitsInHalfOfTheAvailableMemory)
{
    // 25.25 MiB needed: fits in half of 50.5 MiB, not in half of 50.5 MiB - 2.
    EXPECT_NO_THROW(check_flow_table_memory({65536, 2, 1}, 101 * kMiB / 2));
    EXPECT_THROW(check_flow_table_memory({65536, 2, 1}, 101 * kMiB / 2 - 2), Error);
    EXPECT_NO_THROW(check_flow_table_memory({uint64_t{1} << 26, 64, 8}, std::nullopt));
}

TEST(FlowTableMemory, RefusesWithTheFigureAndASuggestionThatFits)
{
    const uint64_t available = 20 * kGiB;
    try {
        check_flow_table_memory({uint64_t{1} << 26, 2, 1}, available);
        FAIL() << "2^26 flows on 2 CPUs (25.2 GiB) accepted with 20 GiB available";
    } catch (const Error &e) {
        EXPECT_EQ(e.exit_code(), kExitUsage);
        EXPECT_STREQ(e.what(), "--max-flows 67108864 needs 25.2 GiB of kernel memory (2 CPUs × 2 "
                               "preallocated tables), more than half of the 20.0 GiB available; "
                               "try --max-flows 16777216 or less (sizing: docs/memory.md)");
    }
    // The suggestion really fits, and twice it does not.
    EXPECT_NO_THROW(check_flow_table_memory({16777216, 2, 1}, available));
    EXPECT_THROW(check_flow_table_memory({33554432, 2, 1}, available), Error);
}

TEST(FlowTableMemory, CountsEveryInterfacesTables)
{
    // 25.25 MiB each: three interfaces need 75.75 MiB.
    EXPECT_NO_THROW(check_flow_table_memory({65536, 2, 3}, 303 * kMiB / 2));
    try {
        check_flow_table_memory({65536, 2, 3}, 150 * kMiB);
        FAIL() << "three interfaces' tables accepted";
    } catch (const Error &e) {
        EXPECT_NE(std::string(e.what()).find("76 MiB of kernel memory for 3 interfaces"),
                  std::string::npos)
            << e.what();
    }
}

} // namespace
