// What `attach` and `replay` share: how to count, and what to report.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "ipfix/ipfix_options.h"

namespace netmon {

struct ReportOptions {
    double interval_s = 1.0;
    size_t top_n = 10;
    double flow_timeout_s = 60;
    uint32_t max_flows = 65536; // per CPU; the command line defaults to default_max_flows()
    bool json = false;
    bool all_flows = false;
    std::string filter; // tcpdump syntax; empty: count everything
    ipfix::IpfixOptions ipfix; // --ipfix: export every flow
};

} // namespace netmon
