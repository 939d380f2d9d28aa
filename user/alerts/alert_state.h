// The life of one alert (one rule, one key): start once the condition held
// for the rule's duration, updates at most every --alert-update seconds,
// end once it stayed false for --alert-clear seconds (at least one
// interval). One attack is one start and one end, never a flapping series.
#pragma once

#include <cstdint>
#include <optional>

#include "snapshot/alerts.h"

namespace netmon::alerts {

struct AlertTiming {
    double duration_s = 0; // "for Ns"
    double clear_s = 0;    // false this long ends it (at least one interval)
    double update_s = 10;  // at most one update per this
};

class AlertState {
  public:
    // One interval ending at end_ns (Unix epoch ns) of length interval_s,
    // in which the condition was `over`. Returns the event, if any.
    std::optional<AlertEvent::State> step(bool over, uint64_t end_ns, double interval_s,
                                          const AlertTiming &timing);

    bool active() const { return active_; }
    // Holds nothing worth keeping: inactive and no streak under way.
    bool idle() const { return !active_ && held_s_ == 0; }
    uint64_t since_ns() const { return since_ns_; }

  private:
    bool active_ = false;
    double held_s_ = 0;  // consecutive seconds over
    double below_s_ = 0; // consecutive seconds under, while active
    uint64_t streak_start_ns_ = 0;
    uint64_t since_ns_ = 0;
    uint64_t last_event_ns_ = 0;
};

} // namespace netmon::alerts
