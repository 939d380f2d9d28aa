// Where replay's intervals end, on the capture's own clock. Intervals sit on
// a grid that starts at the first frame; one closes when a frame's
// timestamp reaches its end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace netmon::replay {

struct IntervalClose {
    uint64_t end_ns;    // capture time the interval ends at
    uint64_t length_ns; // how long it lasted
};

class IntervalGrid {
  public:
    // max_empty: empty intervals reported in a gap between two frames
    // before the grid jumps over the rest of the gap (replay passes the
    // longest rate window, so the windows drain to zero and no more).
    IntervalGrid(uint64_t interval_ns, size_t max_empty);

    // The first frame's time starts the first interval.
    void start(uint64_t first_ns);

    // Called before counting a frame stamped ts: the intervals to close
    // first, in order: the one in progress, then up to max_empty empty ones.
    // A timestamp going backwards closes nothing.
    std::vector<IntervalClose> advance_to(uint64_t ts);

    // Closes the interval in progress at the last frame's time.
    IntervalClose finish() const;

    uint64_t start_ns() const { return first_ns_; }
    uint64_t latest_ns() const { return latest_ns_; }

  private:
    uint64_t interval_ns_;
    size_t max_empty_;
    uint64_t first_ns_ = 0;
    uint64_t current_start_ns_ = 0; // start of the interval in progress
    uint64_t latest_ns_ = 0;        // latest frame time seen
};

} // namespace netmon::replay
