// An alert event as environment variables for --on-alert, so a script can
// read the rule, key, value and state without parsing JSON:
// NETMON_ALERT_STATE=start, NETMON_ALERT_KEY="dst host 10.0.0.5", ...
// The same fields and numbers as the event's JSON line (docs/alerts.md).
#pragma once

#include <string>
#include <vector>

#include "snapshot/alerts.h"

namespace netmon {

// "NAME=value" entries, in a fixed order. A field the event lacks (no
// key, no baseline) is absent, not empty.
std::vector<std::string> alert_environment(const AlertEvent &event);

} // namespace netmon
