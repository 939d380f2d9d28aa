// What `netmon-xdp replay` was asked to do.
#pragma once

#include <string>
#include <vector>

#include "pipeline/report_options.h"

namespace netmon {

struct ReplayOptions {
    std::vector<std::string> files;
    ReportOptions report; // --interval etc. follow the capture's clock
    // --local-net: what inbound/outbound mean (directions, alert rules).
    std::vector<std::string> local_nets;
};

// Returns the exit code; throws netmon::Error for bad files.
int run_replay(const ReplayOptions &given);

} // namespace netmon
