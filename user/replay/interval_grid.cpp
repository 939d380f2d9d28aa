#include "replay/interval_grid.h"

#include <algorithm>

namespace netmon::replay {

IntervalGrid::IntervalGrid(uint64_t interval_ns, size_t max_empty)
    : interval_ns_(std::max<uint64_t>(interval_ns, 1)), max_empty_(max_empty)
{
}

void IntervalGrid::start(uint64_t first_ns)
{
    first_ns_ = current_start_ns_ = latest_ns_ = first_ns;
}

std::vector<IntervalClose> IntervalGrid::advance_to(uint64_t ts)
{
    std::vector<IntervalClose> closes;
    latest_ns_ = std::max(latest_ns_, ts);
    if (ts < current_start_ns_ + interval_ns_)
        return closes;

    // The interval in progress, then the empty ones of the gap.
    const uint64_t intervals_passed = (ts - current_start_ns_) / interval_ns_;
    const uint64_t reported = std::min<uint64_t>(intervals_passed, 1 + max_empty_);
    for (uint64_t i = 0; i < reported; i++) {
        current_start_ns_ += interval_ns_;
        closes.push_back({current_start_ns_, interval_ns_});
    }
    // Jump over the rest of a long gap: the frame starts an interval on the grid.
    current_start_ns_ = first_ns_ + (ts - first_ns_) / interval_ns_ * interval_ns_;
    return closes;
}

IntervalClose IntervalGrid::finish() const { return {latest_ns_, latest_ns_ - current_start_ns_}; }

} // namespace netmon::replay
