// The clocks a live monitor relates: the BPF program stamps flows with
// CLOCK_MONOTONIC (bpf_ktime_get_coarse_ns); users read wall time.
#pragma once

#include <cstdint>
#include <ctime>

namespace netmon {

inline uint64_t clock_ns(clockid_t clock)
{
    timespec ts{};
    clock_gettime(clock, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1000000000ULL + static_cast<uint64_t>(ts.tv_nsec);
}

inline uint64_t monotonic_ns() { return clock_ns(CLOCK_MONOTONIC); }

// Offset to add to a CLOCK_MONOTONIC time to get Unix epoch ns; refreshed
// every interval so NTP steps are followed.
inline int64_t monotonic_to_wall_offset()
{
    return static_cast<int64_t>(clock_ns(CLOCK_REALTIME)) - static_cast<int64_t>(monotonic_ns());
}

} // namespace netmon
