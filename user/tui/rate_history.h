// What the dashboard remembers between snapshots: per interface and hook,
// the rates of the last 60 s (the sparkline) and the peak since start.
// The snapshot itself carries only this interval's rate and the average.
#pragma once

#include <array>
#include <cstddef>
#include <deque>
#include <string>
#include <vector>

#include "snapshot/snapshot.h"

namespace netmon::tui {

constexpr double kHistorySeconds = 60;

struct RateTrack {
    std::deque<double> bps; // one per interval, the last 60 s' worth
    std::deque<double> pps;
    Rate peak; // highest interval rate since start (each on its own)
};

class RateHistory {
  public:
    // Adds every interface's interval rates of an Interval snapshot.
    void record(const Snapshot &snapshot);
    // The track of interface `iface` (index into Snapshot::interfaces,
    // or interfaces.size() for the total) and hook; empty when unknown.
    const RateTrack &track(size_t iface, size_t hook) const;

  private:
    std::vector<std::array<RateTrack, NETMON_NUM_HOOKS>> tracks_;
};

} // namespace netmon::tui
