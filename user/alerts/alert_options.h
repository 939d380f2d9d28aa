// What the alert options of `attach` and `replay` ask for (docs/alerts.md).
#pragma once

#include <string>
#include <vector>

namespace netmon::alerts {

struct AlertOptions {
    std::vector<std::string> rules; // --alert, in order
    std::string rule_file;          // --alert-file: one rule a line, '#' comments
    double update_s = 10;           // --alert-update
    double clear_s = 30;            // --alert-clear; 0: the rule's duration
    double warmup_s = 300;          // --baseline-warmup
    std::string baseline_file;      // --baseline: loaded at start, saved at exit
    std::string known_hosts_file;   // --known-hosts: never `new` (addresses, CIDRs)
    std::string on_alert;           // --on-alert: a shell command per event
    double on_alert_timeout_s = 10; // --on-alert-timeout
    std::string on_alert_log;       // --on-alert-log: the command's output; empty: stderr
    // Why the run has no process attribution (replay, --no-process); empty:
    // it has. A rule that reads the process is then refused (it never matches).
    std::string no_processes;
    // --interval (set by the pipeline): the final, partial interval's rates
    // are taken over at least this long.
    double interval_s = 1.0;

    bool any() const { return !rules.empty() || !rule_file.empty(); }
};

} // namespace netmon::alerts
