#include "alerts/alert_state.h"

#include <algorithm>

namespace netmon::alerts {

namespace {
constexpr double kSlack = 1e-6; // intervals measured on a clock jitter by µs
}

std::optional<AlertEvent::State> AlertState::step(bool over, uint64_t end_ns, double interval_s,
                                                  const AlertTiming &timing)
{
    if (over) {
        if (held_s_ == 0)
            streak_start_ns_ = end_ns - static_cast<uint64_t>(interval_s * 1e9);
        held_s_ += interval_s;
        below_s_ = 0;
    } else {
        held_s_ = 0;
        if (active_)
            below_s_ += interval_s;
    }
    if (!active_) {
        if (over && held_s_ + kSlack >= timing.duration_s) {
            active_ = true;
            since_ns_ = streak_start_ns_;
            last_event_ns_ = end_ns;
            return AlertEvent::State::Start;
        }
        return std::nullopt;
    }
    if (!over && below_s_ + kSlack >= std::max(timing.clear_s, interval_s)) {
        active_ = false;
        below_s_ = 0;
        return AlertEvent::State::End;
    }
    if ((end_ns - last_event_ns_) / 1e9 + kSlack >= timing.update_s) {
        last_event_ns_ = end_ns;
        return AlertEvent::State::Update;
    }
    return std::nullopt;
}

} // namespace netmon::alerts
