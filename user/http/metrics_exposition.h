// GET /metrics: which metrics netmon-xdp exposes, built from one snapshot.
// Counters are the snapshot's totals since start, so they equal the final
// JSON exactly. Labels take values from small fixed sets (interfaces given
// on the command line, hooks, classes, directions): top talkers never
// become labels, so the number of series does not grow with the traffic.
#pragma once

#include <cstdint>
#include <string>

#include "http/poll_histogram.h"
#include "snapshot/snapshot.h"

namespace netmon::http {

struct MetricsContext {
    std::string version;
    std::string revision;
    uint32_t max_flows = 0; // per CPU, per interface and interval
    const PollHistogram *poll = nullptr;
};

// "tcp", "udp", "icmp", "icmpv6", "ip_proto_47", "non_ip", "malformed_ip",
// "ipv6_ext_chain_too_long": the `class` label of a counter class.
std::string class_label(size_t cls);

// The whole exposition text.
std::string render_metrics(const Snapshot &snapshot, const MetricsContext &ctx);

} // namespace netmon::http
