#include "alerts/baseline.h"

#include <algorithm>
#include <cmath>

namespace netmon::alerts {

double baseline_floor(Metric m)
{
    switch (m) {
    case Metric::Pps:
        return 100;
    case Metric::Bps:
        return 1e6;
    case Metric::Flows:
    case Metric::Sources:
        return 10;
    case Metric::Share:
        break;
    }
    return 1; // percent
}

void Baseline::learn(double value, double interval_s, double warmup_s)
{
    if (interval_s <= 0 || !std::isfinite(value))
        return;
    if (learned_s <= 0) {
        mean = value;
        deviation = 0;
        learned_s = interval_s;
        return;
    }
    double x = value;
    if (learned_s >= warmup_s / 10)
        x = std::min(x, mean + 4 * deviation + 0.1 * mean);
    const double alpha = learned_s < warmup_s ? interval_s / (learned_s + interval_s)
                                              : std::min(1.0, interval_s / warmup_s);
    const double before = mean;
    mean += alpha * (x - mean);
    deviation += alpha * (std::fabs(x - before) - deviation);
    learned_s += interval_s;
}

nlohmann::json Baseline::to_json() const
{
    return {{"mean", mean}, {"deviation", deviation}, {"learned_s", learned_s}};
}

Baseline Baseline::from_json(const nlohmann::json &j)
{
    Baseline b;
    b.mean = j.at("mean").get<double>();
    b.deviation = j.at("deviation").get<double>();
    b.learned_s = j.at("learned_s").get<double>();
    if (!std::isfinite(b.mean) || !std::isfinite(b.deviation) || b.learned_s < 0 || b.mean < 0)
        throw std::runtime_error("a baseline holds a negative or non-finite number");
    return b;
}

} // namespace netmon::alerts
