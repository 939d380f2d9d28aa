// `netmon-xdp attach`: attach to interfaces, report every interval until a
// signal or --duration, then print the final summary and detach.
#pragma once

#include "monitor/attach_options.h"

namespace netmon {

// Returns the process exit code; throws netmon::Error on setup failures
// (nothing is left attached when it does).
int run_attach(const AttachOptions &opts);

} // namespace netmon
