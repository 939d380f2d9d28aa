// The text view's alert section, shown first: each active alert with its
// value against its threshold, then the baseline rules still learning;
// and the one-line events of the plain text stream.
#pragma once

#include <string>

#include "snapshot/snapshot.h"

namespace netmon {

// Empty without rules (Snapshot::alerts unset).
std::string render_alert_section(const Snapshot &s);

// One line for an event, for the plain text stream: "alert start: NAME
// [dst host 10.0.0.5]  pps 52.3 kpps > 1.00 kpps  since T  at T".
std::string render_alert_event_line(const AlertEvent &event);

// A metric's value in its unit: "12.3 kpps", "80.5 Mbit/s", "612 sources", "71.2%".
std::string format_alert_value(const std::string &metric, double value);

} // namespace netmon
