// The rules of a run: every --alert, then every line of --alert-file.
#pragma once

#include <cstddef>
#include <vector>

#include "alerts/alert_options.h"
#include "alerts/rule.h"

namespace netmon::alerts {

// An --alert-file larger than this is refused unread (docs/alerts.md).
inline constexpr size_t kMaxAlertFileBytes = 1 << 20;

// Parses them all; throws netmon::Error (exit 2) naming the rule, the
// column and what was expected there, or a rule that reads the process
// in a run without (opts.no_processes). Called before anything is attached.
std::vector<Rule> load_rules(const AlertOptions &opts);

} // namespace netmon::alerts
