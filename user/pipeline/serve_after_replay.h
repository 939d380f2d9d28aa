// replay --http: once the replay is done, the server goes on answering
// with the final state until the user stops it. The pipeline owns this
// step because it owns the HTTP output; the replay only says when.
#pragma once

#include "pipeline/report_options.h"

namespace netmon {

// With --http: says on stderr where it serves and how to stop, then waits
// for SIGINT or SIGTERM. Without --http: returns at once. Call it while
// the hub that holds the HTTP sink is still alive.
void serve_after_replay(const ReportOptions &opts);

} // namespace netmon
