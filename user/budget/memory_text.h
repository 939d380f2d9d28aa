// A memory figure for an error or a notice: "1.5 GiB", "300 MiB".
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace netmon {

inline std::string format_memory(uint64_t bytes)
{
    char text[32];
    if (bytes >= (uint64_t{1} << 30))
        std::snprintf(text, sizeof(text), "%.1f GiB", bytes / double(uint64_t{1} << 30));
    else
        std::snprintf(text, sizeof(text), "%.0f MiB", bytes / double(uint64_t{1} << 20));
    return text;
}

} // namespace netmon
