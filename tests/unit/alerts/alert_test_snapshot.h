// Hand-built snapshots for the alert tests: flow updates of one interval.
#pragma once

#include <arpa/inet.h>

#include <cstring>
#include <memory>
#include <string>

#include "snapshot/snapshot.h"

namespace netmon::alerts::testing {

inline void set_v4(uint8_t *out, const char *text)
{
    std::memset(out, 0, 16);
    out[10] = out[11] = 0xff;
    inet_pton(AF_INET, text, out + 12);
}

inline netmon_flow_key v4_key(const char *src, const char *dst, uint8_t proto, uint16_t sport,
                              uint16_t dport)
{
    netmon_flow_key k{};
    k.kind = NETMON_KIND_IPV4;
    k.ethertype = 0x0800;
    k.proto = proto;
    set_v4(k.src, src);
    set_v4(k.dst, dst);
    k.sport = sport;
    k.dport = dport;
    return k;
}

inline netmon_flow_key l2_key(uint16_t ethertype)
{
    netmon_flow_key k{};
    k.kind = NETMON_KIND_L2;
    k.ethertype = ethertype;
    k.src[5] = 1;
    k.dst[5] = 2;
    return k;
}

// One interval ending at end_s (Unix seconds) of length interval_s.
struct SnapshotBuilder {
    Snapshot snap;
    std::shared_ptr<FlowDetail> detail = std::make_shared<FlowDetail>();

    explicit SnapshotBuilder(double end_s, double interval_s = 1.0)
    {
        snap.wall_time_ns = static_cast<uint64_t>(end_s * 1e9);
        snap.interval_s = interval_s;
        snap.source = "replay";
    }
    SnapshotBuilder &flow(const netmon_flow_key &k, uint64_t packets, uint64_t bytes,
                          uint64_t syn = 0, bool started = false)
    {
        FlowDetail::Update u;
        u.key = k;
        u.delta.packets = packets;
        u.delta.bytes = bytes;
        u.delta.syn_packets = syn;
        u.started = started;
        detail->updates.push_back(u);
        snap.total.interval.packets += packets;
        snap.total.interval.bytes += bytes;
        return *this;
    }
    // The last flow's TCP flags in the interval (rst, fin).
    SnapshotBuilder &tcp_flags(uint8_t flags)
    {
        detail->updates.back().delta.tcp_flags = flags;
        return *this;
    }
    Snapshot build()
    {
        snap.flow_detail = detail;
        return snap;
    }
};

} // namespace netmon::alerts::testing
