// A metric's learned normal, robust to the spikes it must detect: a
// trimmed EWMA of the value and of its mean absolute deviation. Each sample
// is first clipped to mean + 4 x deviation + 10% of the mean, so a flood
// moves the baseline by at most that much per interval while a lasting
// change is still learned (slowly). See docs/alerts.md.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "alerts/rule.h"

namespace netmon::alerts {

// A '>' baseline condition's threshold never drops below this (a rule can
// raise it with "and METRIC > VALUE"): a normal of 0, or nearly 0, would
// otherwise fire on the first packet. docs/alerts.md lists them.
double baseline_floor(Metric m);

struct Baseline {
    double mean = 0;
    double deviation = 0; // mean absolute deviation
    double learned_s = 0; // seconds of samples folded in

    // Folds one interval's value. During the warm-up the mean is the plain
    // average (clipped once a tenth of it has been learned); after it, an
    // EWMA with the warm-up as its time constant.
    void learn(double value, double interval_s, double warmup_s);
    bool warm(double warmup_s) const { return learned_s + 1e-9 >= warmup_s; }

    nlohmann::json to_json() const;
    static Baseline from_json(const nlohmann::json &j); // throws on bad input
};

} // namespace netmon::alerts
