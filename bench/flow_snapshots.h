// The snapshots the export benches (IPFIX, ClickHouse) feed their sink,
// built before the clock starts: `rounds` one-second intervals of one
// interface named eth0, each with `flows` flow updates of 3 packets and
// 300 bytes (258 IP bytes) last seen half a second before the interval's
// end. The interface name is in ClickHouse rows; IPFIX records carry the
// ifindex instead.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "sinks/sink.h"
#include "snapshot/snapshot.h"

namespace netmon::bench {

// key_of(i, round): the key of flow i in that round; each bench keeps its
// own keys, as they decide its records' and rows' contents.
// add(snapshot, detail, update): what else of that flow the bench's sink
// reads (an end, the interface's counts), added as the flow is.
template <typename KeyOf, typename Add>
std::vector<SnapshotPtr> flow_snapshots(size_t flows, int rounds, KeyOf key_of, Add add)
{
    std::vector<SnapshotPtr> out;
    for (int r = 0; r < rounds; r++) {
        auto s = std::make_shared<Snapshot>();
        auto detail = std::make_shared<FlowDetail>();
        s->interfaces.resize(1);
        s->interfaces[0].name = "eth0";
        s->interval_s = 1;
        s->wall_time_ns = 1700000000ULL * 1000000000ULL + (r + 1) * 1000000000ULL;
        for (size_t i = 0; i < flows; i++) {
            netmon_flow_stats d{};
            d.packets = 3;
            d.bytes = 300;
            d.ip_bytes = 258;
            d.first_seen_ns = d.last_seen_ns = s->wall_time_ns - 500000000;
            detail->updates.push_back({0, key_of(i, r), d});
            add(*s, *detail, detail->updates.back());
        }
        s->flow_detail = detail;
        out.push_back(s);
    }
    return out;
}

} // namespace netmon::bench
