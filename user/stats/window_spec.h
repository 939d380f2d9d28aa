// iftop's three windows (2 s, 10 s, 40 s) expressed in polling intervals.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

namespace netmon {

constexpr std::array<double, 3> kWindowSeconds = {2.0, 10.0, 40.0};

struct WindowSpec {
    std::array<size_t, 3> intervals; // window length in intervals, >= 1
    double interval_s;

    static WindowSpec for_interval(double interval_s)
    {
        WindowSpec w{{}, interval_s};
        for (size_t i = 0; i < 3; i++)
            w.intervals[i] = std::max<size_t>(
                1, static_cast<size_t>(std::lround(kWindowSeconds[i] / interval_s)));
        return w;
    }
    size_t longest() const { return intervals[2]; }
};

} // namespace netmon
