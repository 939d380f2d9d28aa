// What `netmon-xdp attach` was asked to do.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "attach/xdp_attachment.h"

namespace netmon {

// Options shared by `attach` and `replay`.
struct ReportOptions {
    double interval_s = 1.0;
    size_t top_n = 10;
    double flow_timeout_s = 60;
    uint32_t max_flows = 65536; // per CPU; the command line defaults to default_max_flows()
    bool json = false;
    bool all_flows = false;
    std::string filter; // tcpdump syntax; empty: count everything
};

// Which hooks count: XDP (what arrives), TC egress (what the host sends).
enum class HookSelection { Ingress, Egress, Both };

struct AttachOptions {
    std::vector<std::string> interfaces;
    ReportOptions report;
    HookSelection hooks = HookSelection::Both;
    // CIDRs the directions are relative to; empty: the interfaces' addresses.
    std::vector<std::string> local_nets;
    double duration_s = 0; // 0: until SIGINT/SIGTERM
    XdpMode mode = XdpMode::Auto;
    bool force = false;
};

} // namespace netmon
