// The text view's alert section, shown first: each active alert with its
// value against its threshold, then the baseline rules still learning.
#pragma once

#include <string>

#include "snapshot/snapshot.h"

namespace netmon {

// Empty without rules (Snapshot::alerts unset).
std::string render_alert_section(const Snapshot &s);

// A metric's value in its unit: "12.3 kpps", "80.5 Mbit/s", "612 sources", "71.2%".
std::string format_alert_value(const std::string &metric, double value);

} // namespace netmon
