#include "ipfix/flow_exporter.h"

#include <algorithm>
#include <string_view>

#include "snapshot/flow_stats.h"

namespace netmon::ipfix {

size_t FlowExporter::FlowIdHash::operator()(const FlowId &id) const
{
    std::string_view bytes(reinterpret_cast<const char *>(&id.key), sizeof id.key);
    return std::hash<std::string_view>{}(bytes) ^ (size_t{id.iface} * 0x9e3779b97f4a7c15ULL);
}

void FlowExporter::fold(const Snapshot &s, std::vector<HookCounts> &in_flows,
                        std::vector<FlowReport> &out)
{
    for (const FlowDetail::Update &u : s.flow_detail->updates) {
        if (u.iface < in_flows.size() && u.key.hook < NETMON_NUM_HOOKS)
            in_flows[u.iface][u.key.hook] += Count{u.delta.packets, u.delta.bytes};
        const FlowId id{u.iface, u.key};
        // Refused by the full flow table, the flow will never age out:
        // report it now, as the meter ending it for lack of resources
        // (RFC 5102, flowEndReason 5), unless it was pending already.
        if (!u.held && !pending_.contains(id)) {
            out.push_back(
                report_of(id, Pending{u.delta, u.process}, EndReason::LackOfResources, s));
            continue;
        }
        auto [it, fresh] = pending_.try_emplace(id, Pending{u.delta, u.process});
        if (!fresh)
            add_flow_stats(it->second.stats, u.delta);
        if (!it->second.process) // a socket recorded after the flow's first frames
            it->second.process = u.process;
    }
}

FlowReport FlowExporter::report_of(const FlowId &id, const Pending &p, EndReason reason,
                                   const Snapshot &s) const
{
    const netmon_flow_stats &st = p.stats;
    FlowReport r;
    r.key = id.key;
    r.ifindex = id.iface < s.interfaces.size() ? s.interfaces[id.iface].ifindex : 0;
    r.packets = st.packets;
    r.bytes = st.bytes;
    r.ip_bytes = st.ip_bytes;
    r.start_ms = st.first_seen_ns / 1000000;
    // A capture whose clock runs backwards can give a last packet before
    // the first: the record then ends where it starts, never before.
    r.end_ms = std::max(st.last_seen_ns, st.first_seen_ns) / 1000000;
    r.tcp_flags = st.tcp_flags;
    r.reason = reason;
    if (p.process && (id.key.kind == NETMON_KIND_IPV4 || id.key.kind == NETMON_KIND_IPV6))
        r.application = p.process->comm;
    return r;
}

// What each hook counted this interval beyond the flow updates this
// exporter saw: the overflow frames, plus the flows of any snapshot the
// hub dropped on the way here (their counts are in the cumulative totals).
void FlowExporter::add_not_in_flow(const Snapshot &s, const std::vector<HookCounts> &in_flows,
                                   std::vector<FlowReport> &out)
{
    const uint64_t end_ns = s.wall_time_ns;
    const uint64_t start_ns = end_ns - std::min<uint64_t>(end_ns, s.interval_s * 1e9);
    for (size_t i = 0; i < s.interfaces.size(); i++) {
        for (size_t hook = 0; hook < NETMON_NUM_HOOKS; hook++) {
            const Count total = s.interfaces[i].hooks[hook].total;
            const Count missing = total - counted_[i][hook] - in_flows[i][hook];
            counted_[i][hook] = total;
            if (missing.packets == 0 && missing.bytes == 0)
                continue;
            FlowReport r;
            r.not_in_flow = true;
            r.key.hook = static_cast<uint8_t>(hook);
            r.ifindex = s.interfaces[i].ifindex;
            r.packets = missing.packets;
            r.bytes = missing.bytes;
            r.start_ms = start_ns / 1000000;
            r.end_ms = end_ns / 1000000;
            r.reason = EndReason::LackOfResources;
            out.push_back(r);
        }
    }
}

std::vector<FlowReport> FlowExporter::reports(const Snapshot &s)
{
    std::vector<FlowReport> out;
    counted_.resize(std::max(counted_.size(), s.interfaces.size()));
    std::vector<HookCounts> in_flows(s.interfaces.size());
    if (s.flow_detail)
        fold(s, in_flows, out);
    add_not_in_flow(s, in_flows, out);

    if (s.flow_detail)
        for (const FlowDetail::End &e : s.flow_detail->ended) {
            auto it = pending_.find(FlowId{e.iface, e.key});
            if (it == pending_.end())
                continue; // reported by an active timeout, nothing since
            out.push_back(report_of(it->first, it->second, EndReason::IdleTimeout, s));
            pending_.erase(it);
        }

    if (s.kind == Snapshot::Kind::Final) {
        for (const auto &[id, st] : pending_)
            out.push_back(report_of(id, st, EndReason::ForcedEnd, s));
        pending_.clear();
        return out;
    }
    // Report now what would span the timeout by the next snapshot: the
    // record then covers at most (now - its first packet) < the timeout.
    const uint64_t next_ns = s.wall_time_ns + static_cast<uint64_t>(s.interval_s * 1e9);
    for (auto it = pending_.begin(); it != pending_.end();) {
        if (next_ns - std::min<uint64_t>(next_ns, it->second.stats.first_seen_ns) >=
            active_timeout_ns_) {
            out.push_back(report_of(it->first, it->second, EndReason::ActiveTimeout, s));
            it = pending_.erase(it);
        } else {
            ++it;
        }
    }
    return out;
}

} // namespace netmon::ipfix
