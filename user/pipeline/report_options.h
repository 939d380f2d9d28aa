// What `attach` and `replay` share: how to count, and what to report.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "alerts/alert_options.h"
#include "clickhouse/clickhouse_options.h"
#include "core/table_bounds.h"
#include "http/http_options.h"
#include "ipfix/ipfix_options.h"

namespace netmon {

struct ReportOptions {
    double interval_s = 1.0;
    size_t top_n = 10;
    double flow_timeout_s = 60;
    uint32_t max_flows = 65536; // per CPU; the command line defaults to default_max_flows()
    size_t max_hosts = kDefaultMaxHosts;              // per host table (sources, destinations)
    size_t max_active_flows = kDefaultMaxActiveFlows; // the userspace flow table's bound
    bool json = false;
    // The full-screen dashboard instead of the text blocks, when stdout and
    // stdin are a terminal (attach without --plain; see uses_dashboard()).
    bool dashboard = false;
    bool all_flows = false;
    bool summary_only = false;                // only the Final snapshot reaches stdout
    std::string filter;                       // tcpdump syntax; empty: count everything
    http::HttpOptions http;                   // --http, --http-token-file
    alerts::AlertOptions alerts;              // --alert etc. (docs/alerts.md)
    ipfix::IpfixOptions ipfix;                // --ipfix: export every flow
    clickhouse::ClickhouseOptions clickhouse; // --clickhouse: rows into ClickHouse
};

} // namespace netmon
