// Adding one flow's counts to another's: the one rule for merging
// netmon_flow_stats, whoever merges (intervals queued for a slow sink, IPFIX
// records waiting for their export).
#pragma once

#include <algorithm>

#include "netmon/flow.h"

namespace netmon {

// Sums, the earlier first_seen, the later last_seen, the flags ORed.
inline void add_flow_stats(netmon_flow_stats &into, const netmon_flow_stats &more)
{
    into.packets += more.packets;
    into.bytes += more.bytes;
    into.ip_bytes += more.ip_bytes;
    into.syn_packets += more.syn_packets;
    into.first_seen_ns = std::min(into.first_seen_ns, more.first_seen_ns);
    into.last_seen_ns = std::max(into.last_seen_ns, more.last_seen_ns);
    into.tcp_flags |= more.tcp_flags;
}

} // namespace netmon
