// The pipeline both runs share: the live monitor and replay each produce
// snapshots and publish them to a SinkHub built here from the options, so
// every output behaves the same whichever run feeds it.
#pragma once

#include <memory>

#include "alerts/alert_engine.h"
#include "pipeline/report_options.h"
#include "sinks/sink_hub.h"

namespace netmon {

// Whether the outputs include the dashboard: asked for, no --json, and
// stdout and stdin are a terminal (a pipe or a log keeps the text blocks).
bool uses_dashboard(const ReportOptions &opts);

// Rows a list can show on the largest screen: the dashboard asks the
// aggregator for this many per list, whatever --top says.
constexpr size_t kDashboardListRows = 100;

// The hub with every output the options ask for: JSON Lines or the text
// view on stdout (essential: if stdout fails, the run stops), and IPFIX
// export with --ipfix (optional: a dead collector never stops the run).
std::unique_ptr<SinkHub> make_output_hub(const ReportOptions &opts, SinkHub::WhenFull when_full);

// The rules' engine, or null without --alert/--alert-file. Parses every
// rule and reads --baseline: throws netmon::Error (exit 2) on bad input, so
// call it before anything is attached or loaded.
std::unique_ptr<alerts::AlertEngine> make_alert_engine(const ReportOptions &opts);

// Publishes a closed interval: the rules (if any) evaluate it first and add
// its active alerts; their events go out just before the snapshot.
void publish_interval(SinkHub &hub, alerts::AlertEngine *engine, Snapshot snapshot);

// An essential output failed and the run stopped: says why on stderr and
// returns the exit code. Quiet when the reader went away (`--json | head`),
// with the status a SIGPIPE death would have given.
int output_failure_exit(const SinkFailure &failure);

} // namespace netmon
