// A packet and byte count, the unit every layer above the kernel adds up,
// and its rate over a time.
#pragma once

#include <cstdint>

namespace netmon {

struct Count {
    uint64_t packets = 0;
    uint64_t bytes = 0;

    Count &operator+=(const Count &o)
    {
        packets += o.packets;
        bytes += o.bytes;
        return *this;
    }
    friend Count operator+(Count a, const Count &b) { return a += b; }
    friend Count operator-(const Count &a, const Count &b)
    {
        return {a.packets - b.packets, a.bytes - b.bytes};
    }
    friend bool operator==(const Count &, const Count &) = default;
};

struct Rate {
    double pps = 0;
    double bps = 0; // bits per second
};

inline Rate rate_of(const Count &c, double seconds)
{
    if (seconds <= 0)
        return {};
    return {static_cast<double>(c.packets) / seconds, static_cast<double>(c.bytes) * 8.0 / seconds};
}

} // namespace netmon
