// The pipeline both runs share: the live monitor and replay each produce
// snapshots and publish them to a SinkHub built here from the options, so
// every output behaves the same whichever run feeds it.
#pragma once

#include <memory>

#include "pipeline/report_options.h"
#include "sinks/sink_hub.h"

namespace netmon {

// The hub with every output the options ask for: JSON Lines or the text
// view on stdout (essential: if stdout fails, the run stops), and IPFIX
// export with --ipfix (optional: a dead collector never stops the run).
std::unique_ptr<SinkHub> make_output_hub(const ReportOptions &opts, SinkHub::WhenFull when_full);

// An essential output failed and the run stopped: says why on stderr and
// returns the exit code. Quiet when the reader went away (`--json | head`),
// with the status a SIGPIPE death would have given.
int output_failure_exit(const SinkFailure &failure);

} // namespace netmon
