// Cheap under floods (docs/alerts.md, "Cost"): each interval's flow
// updates are sorted once into a few classes (TCP with SYNs, other TCP,
// UDP, ICMP, SCTP, other IP, ARP, other L2), and each rule reads only the
// classes its selector and key can match. Under a spoofed SYN flood a UDP
// rule never touches the flood's flows.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "alerts/rule.h"
#include "netmon/flow.h"
#include "snapshot/snapshot.h"

namespace netmon::alerts {

enum FlowClass : uint8_t {
    kClassTcpSyn,   // TCP with SYN-without-ACK packets in the interval
    kClassTcpOther, // other TCP
    kClassUdp,
    kClassIcmp, // ICMP and ICMPv6
    kClassSctp,
    kClassOtherIp,
    kClassArp,
    kClassOtherL2,
    kNumFlowClasses,
};
using ClassMask = uint8_t; // bit c: class c
constexpr ClassMask kAllClasses = 0xff;

FlowClass flow_class(const netmon_flow_key &key, const netmon_flow_stats &delta);

// The classes a rule can pick something from: a superset, so skipping the
// others never changes a value.
ClassMask rule_classes(const Rule &rule);

// The interval's updates (indexes into FlowDetail::updates) by class.
struct FlowIndex {
    std::array<std::vector<uint32_t>, kNumFlowClasses> by_class;
    static FlowIndex build(const FlowDetail &detail);
};

} // namespace netmon::alerts
