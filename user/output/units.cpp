#include "output/units.h"

#include <array>
#include <cmath>
#include <cstdio>

namespace netmon {
namespace {

// "1.23", "45.6", "456.7": more decimals for small mantissas keeps three
// significant digits without ever widening past five characters.
std::string mantissa(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, v < 9.995 ? "%.2f" : "%.1f", v);
    return buf;
}

// Scales v by `base` until it is below it; returns the prefix index.
size_t scale(double &v, double base, size_t max_index)
{
    size_t i = 0;
    // Round first so 999.96 becomes "1.00 k", not "1000.0".
    while (i < max_index && std::round(v * 10) / 10 >= base) {
        v /= base;
        ++i;
    }
    return i;
}

constexpr std::array<const char *, 6> kSiPrefixes{"", "k", "M", "G", "T", "P"};

std::string si(double v, const char *unit, const char *sep)
{
    if (!(v > 0)) // also catches NaN
        v = 0;
    size_t i = scale(v, 1000.0, kSiPrefixes.size() - 1);
    return mantissa(v) + sep + kSiPrefixes[i] + unit;
}

} // namespace

std::string format_packet_rate(double pps) { return si(pps, "pps", " "); }

std::string format_bit_rate(double bps) { return si(bps, "bit/s", " "); }

std::string format_bit_rate_short(double bps)
{
    if (!(bps > 0))
        bps = 0;
    size_t i = scale(bps, 1000.0, kSiPrefixes.size() - 1);
    if (i == 0) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f", bps);
        return buf;
    }
    return mantissa(bps) + kSiPrefixes[i];
}

std::string format_bytes(uint64_t bytes)
{
    static constexpr std::array<const char *, 6> kIec{"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    if (bytes < 1024)
        return std::to_string(bytes) + " B";
    double v = static_cast<double>(bytes);
    size_t i = scale(v, 1024.0, kIec.size() - 1);
    return mantissa(v) + " " + kIec[i];
}

std::string format_duration(double seconds)
{
    if (!(seconds > 0))
        seconds = 0;
    char buf[48];
    if (seconds < 60) {
        std::snprintf(buf, sizeof buf, "%.1fs", seconds);
        return buf;
    }
    auto s = static_cast<uint64_t>(seconds);
    uint64_t d = s / 86400, h = s / 3600 % 24, m = s / 60 % 60;
    if (d > 0)
        std::snprintf(buf, sizeof buf, "%llud%02lluh%02llum", (unsigned long long)d,
                      (unsigned long long)h, (unsigned long long)m);
    else if (h > 0)
        std::snprintf(buf, sizeof buf, "%lluh%02llum%02llus", (unsigned long long)h,
                      (unsigned long long)m, (unsigned long long)(s % 60));
    else
        std::snprintf(buf, sizeof buf, "%llum%02llus", (unsigned long long)m,
                      (unsigned long long)(s % 60));
    return buf;
}

std::string format_percent(uint64_t part, uint64_t whole)
{
    double pct = whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f%%", pct);
    return buf;
}

} // namespace netmon
