// The distinct count a HyperLogLog sketch (struct netmon_host_sources)
// estimates, with the small-range correction of Flajolet et al. (2007),
// section 4: linear counting while registers are still empty.
#pragma once

#include <cmath>
#include <cstdint>

#include "netmon/host_counters.h"

namespace netmon {

// Relative standard error of the estimate: 1.04 / sqrt(registers).
inline double hll_relative_error() { return 1.04 / std::sqrt(double{NETMON_HLL_REGISTERS}); }

inline double hll_estimate(const netmon_host_sources &s)
{
    constexpr double m = NETMON_HLL_REGISTERS;
    constexpr double alpha = 0.709; // alpha_64 of the paper
    double sum = 0;
    unsigned empty = 0;
    for (const uint8_t reg : s.reg) {
        sum += std::ldexp(1.0, -static_cast<int>(reg));
        empty += reg == 0;
    }
    const double raw = alpha * m * m / sum;
    if (raw <= 2.5 * m && empty > 0)
        return m * std::log(m / empty);
    return raw; // a 64-bit hash needs no large-range correction
}

} // namespace netmon
