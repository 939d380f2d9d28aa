// Which packets of a flow's interval change a selector picks. A flow is
// one key, so most primitives pick all of its packets or none; `syn` picks
// the SYN-without-ACK ones. The answer is a mask over those two parts.
#pragma once

#include <cstdint>

#include "alerts/known_hosts.h"
#include "alerts/rule.h"
#include "netaddr/local_nets.h"
#include "netmon/flow.h"
#include "snapshot/snapshot.h"

namespace netmon::alerts {

constexpr uint8_t kSynPart = 1;   // the flow's SYN-without-ACK packets
constexpr uint8_t kOtherPart = 2; // its other packets
constexpr uint8_t kAllParts = kSynPart | kOtherPart;

// What a selector is matched against besides the flow: the local networks
// (inbound, outbound) and the known hosts (`new`).
struct MatchContext {
    const LocalNets &nets;
    const KnownHosts &known;
};

// Mask of kSynPart/kOtherPart of one update (its key, its interval's TCP
// flags for rst/fin, its process for `process`); `selector` null picks
// everything.
uint8_t match_parts(const Selector *selector, const FlowDetail::Update &update,
                    const MatchContext &ctx);

// What the parts hold of one update. Bytes are known only when both or
// neither part is picked (the kernel does not count SYN bytes).
struct Picked {
    uint64_t packets = 0;
    uint64_t bytes = 0;
};
inline Picked picked(uint8_t parts, const netmon_flow_stats &d)
{
    const uint64_t syn = d.syn_packets <= d.packets ? d.syn_packets : d.packets;
    Picked p;
    if (parts & kSynPart)
        p.packets += syn;
    if (parts & kOtherPart)
        p.packets += d.packets - syn;
    p.bytes = parts == kAllParts ? d.bytes : 0;
    return p;
}

} // namespace netmon::alerts
