// Human-readable numbers for the text view.
//
// Convention: rates use SI prefixes (k = 1000), as link speeds are quoted:
// "1.23 Mpps", "456.7 Mbit/s". Byte volumes use IEC prefixes (Ki = 1024), as
// top and du do: "12.3 MiB". Three to four significant digits throughout.
#pragma once

#include <cstdint>
#include <string>

namespace netmon {

std::string format_packet_rate(double pps); // "1.23 Mpps", "12.0 pps"
std::string format_bit_rate(double bps);    // "456.7 Mbit/s"
// Narrow bit rate for the iftop-like columns: "456.7M", "12.0k", "800".
std::string format_bit_rate_short(double bps);
std::string format_bytes(uint64_t bytes); // "512 B", "12.3 MiB"
// "42.1s", "5m03s", "2h01m05s", "3d04h05m".
std::string format_duration(double seconds);
// part/whole as "80.1%"; "0.0%" when whole is 0.
std::string format_percent(uint64_t part, uint64_t whole);

} // namespace netmon
