// Text view section: the protocol distribution.
#pragma once

#include <string>
#include <vector>

#include "snapshot/snapshot.h"

namespace netmon {

struct ProtocolRow {
    std::string label; // "TCP", "GRE (47)", "ARP", "IP, header unreadable"
    Count count;
};

// One row per class with packets, plus TCP, UDP, ICMP and ICMPv6 always;
// most packets first.
std::vector<ProtocolRow> protocol_rows(const ClassCounts &classes);

// The table, with % of packets and % of bytes of `total`.
std::string render_protocol_table(const ClassCounts &classes, const Count &total);

// The shares of packets of one interface, on one line: "eth0  TCP 60.0%  UDP 30.0% ...".
std::string render_protocol_shares(const std::string &name, const ClassCounts &classes,
                                   const Count &total, size_t width);

} // namespace netmon
