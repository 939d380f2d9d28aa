// What `netmon-xdp attach` was asked to do.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "attach/xdp_attachment.h"
#include "pipeline/report_options.h"

namespace netmon {

// Which hooks count: XDP (what arrives), TC egress (what the host sends).
enum class HookSelection { Ingress, Egress, Both };

struct AttachOptions {
    std::vector<std::string> interfaces;
    ReportOptions report;
    HookSelection hooks = HookSelection::Both;
    // CIDRs the directions are relative to; empty: the interfaces' addresses.
    std::vector<std::string> local_nets;
    double duration_s = 0; // 0: until SIGINT/SIGTERM/SIGHUP
    XdpMode mode = XdpMode::Auto;
    bool force = false;
    // Process attribution (docs/process.md); --no-process turns it off.
    bool processes = true;
};

} // namespace netmon
