#include "output/json_view.h"

#include <cmath>

#include "output/address_format.h"
#include "output/alert_json.h"
#include "output/flow_format.h"
#include "output/local_host_json.h"
#include "output/protocol_names.h"
#include "output/time_format.h"
#include "output/top_ranking.h"

namespace netmon {
namespace {

using nlohmann::json;

// Rates and durations to the millisecond/milli-unit: keeps lines short
// without losing anything a reader could use.
double rounded(double v) { return std::isfinite(v) ? std::round(v * 1000.0) / 1000.0 : 0.0; }

json counts(const Count &c) { return {{"packets", c.packets}, {"bytes", c.bytes}}; }

// The classes as keys that add up exactly to the section's totals.
json protocols(const ClassCounts &classes)
{
    json out = {{"tcp", counts(classes[kProtoTcp])},
                {"udp", counts(classes[kProtoUdp])},
                {"icmp", counts(classes[kProtoIcmp])},
                {"icmpv6", counts(classes[kProtoIcmpv6])},
                {"non_ip", counts(classes[NETMON_CTR_ARP] + classes[NETMON_CTR_OTHER_L2])}};
    for (size_t proto = 0; proto <= 255; ++proto) {
        bool named = proto == kProtoTcp || proto == kProtoUdp || proto == kProtoIcmp ||
                     proto == kProtoIcmpv6;
        if (!named && classes[proto] != Count{})
            out["ip_proto_" + std::to_string(proto)] = counts(classes[proto]);
    }
    if (classes[NETMON_CTR_MALFORMED_IP] != Count{})
        out["ip_malformed"] = counts(classes[NETMON_CTR_MALFORMED_IP]);
    if (classes[NETMON_CTR_IPV6_EXT_CHAIN_TOO_LONG] != Count{})
        out["ipv6_ext_chain_too_long"] = counts(classes[NETMON_CTR_IPV6_EXT_CHAIN_TOO_LONG]);
    return out;
}

json non_ip_detail(const ClassCounts &classes)
{
    return {{"arp", counts(classes[NETMON_CTR_ARP])},
            {"other", counts(classes[NETMON_CTR_OTHER_L2])}};
}

json traffic_totals(const TrafficSection &t)
{
    return {{"packets", t.total.packets},
            {"bytes", t.total.bytes},
            {"interval", counts(t.interval)},
            {"pps", rounded(t.interval_rate.pps)},
            {"bps", rounded(t.interval_rate.bps)},
            {"avg_pps", rounded(t.average_rate.pps)},
            {"avg_bps", rounded(t.average_rate.bps)}};
}

json hook_section(const HookSection &h)
{
    return {{"packets", h.total.packets},
            {"bytes", h.total.bytes},
            {"interval", counts(h.interval)},
            {"pps", rounded(h.interval_rate.pps)},
            {"bps", rounded(h.interval_rate.bps)},
            {"avg_pps", rounded(h.average_rate.pps)},
            {"avg_bps", rounded(h.average_rate.bps)},
            {"protocols", protocols(h.classes)}};
}

// "ingress" (received, XDP) and "egress" (sent, TC): they add up to "totals".
json hooks(const HookSections &h)
{
    return {{"ingress", hook_section(h[NETMON_HOOK_INGRESS])},
            {"egress", hook_section(h[NETMON_HOOK_EGRESS])}};
}

json direction(const DirectionFigures &d)
{
    return {{"packets", d.total.packets},
            {"bytes", d.total.bytes},
            {"interval", counts(d.interval)},
            {"pps", rounded(d.interval_rate.pps)},
            {"bps", rounded(d.interval_rate.bps)}};
}

json directions(const DirectionSections &d)
{
    auto at = [&](Direction dir) { return direction(d[static_cast<size_t>(dir)]); };
    return {{"inbound", at(Direction::Inbound)},
            {"outbound", at(Direction::Outbound)},
            {"internal", at(Direction::Internal)},
            {"other", at(Direction::Other)}};
}

// Exact, not rounded: a fill of 0.0001 is not 0.
json flow_table(const FlowTableFill &f)
{
    return {{"capacity", f.capacity()},
            {"entries", f.entries},
            {"tables", f.tables},
            {"table_capacity", f.table_capacity},
            {"fullest_table", f.fullest_table},
            {"fill_ratio", f.fill_ratio()}};
}

json interface(const TrafficSection &t)
{
    return {{"name", t.name},
            {"directions", directions(t.directions)},
            {"flow_table", flow_table(t.flow_table)},
            {"gone", t.gone},
            // null where no XDP program counts (replay, egress only)
            {"xdp_mode", t.xdp_mode.empty() ? json(nullptr) : json(t.xdp_mode)},
            {"totals", traffic_totals(t)},
            {"hooks", hooks(t.hooks)},
            {"protocols", protocols(t.classes)},
            {"non_ip_detail", non_ip_detail(t.classes)},
            {"overflow", counts(t.overflow)},
            {"filtered_out", counts(t.filtered_out)}};
}

void add_window_rates(json &out, const WindowRates &r)
{
    out["bps_2s"] = rounded(r.last_2s);
    out["bps_10s"] = rounded(r.last_10s);
    out["bps_40s"] = rounded(r.last_40s);
}

json host(const HostEntry &h)
{
    json out = {{"address", format_address(h.kind, h.addr)},
                {"packets", h.total.packets},
                {"bytes", h.total.bytes}};
    add_window_rates(out, h.rates);
    return out;
}

// A local or remote host: its total split into sent and received.
json split_host(const HostEntry &h)
{
    json out = host(h);
    out["sent"] = counts(h.sent);
    out["received"] = counts(h.received);
    return out;
}

// "tcp", "udp", "gre", "proto 253"; for non-IP frames the EtherType's
// label ("arp"), since their proto is 0.
std::string proto_name(const netmon_flow_key &k)
{
    return k.kind == NETMON_KIND_L2 ? ethertype_label(k.ethertype) : ip_protocol_label(k.proto);
}

json port(const PortEntry &p)
{
    json out = {{"port", p.port},
                {"proto", p.proto},
                {"proto_name", ip_protocol_label(p.proto)},
                {"packets", p.total.packets},
                {"bytes", p.total.bytes}};
    add_window_rates(out, p.rates);
    return out;
}

// The process owning a flow's local socket: null fields when none was
// found, or attribution is off (docs/process.md).
void add_process(json &out, const std::shared_ptr<const ProcessInfo> &p)
{
    out["pid"] = p ? json(p->pid) : json(nullptr);
    out["comm"] = p ? json(p->comm) : json(nullptr);
    out["cgroup"] = p ? json(p->cgroup) : json(nullptr);
}

json process(const ProcessEntry &e)
{
    json out;
    add_process(out, e.process);
    out["cgroup_id"] = e.process->cgroup_id;
    out["packets"] = e.total.packets;
    out["bytes"] = e.total.bytes;
    out["sent"] = counts(e.sent);
    out["received"] = counts(e.received);
    add_window_rates(out, e.rates);
    return out;
}

json process_figures(const ProcessFigures &p)
{
    return {{"sockets", p.sockets},
            {"socket_capacity", p.socket_capacity},
            {"sockets_refused", p.sockets_refused},
            {"processes", p.processes},
            {"processes_refused", counts(p.processes_refused)}};
}

// Fields every flow object has, in "top.flows" and in "flow_list".
json flow_identity(const FlowRecord &f)
{
    const netmon_flow_key &k = f.key;
    json out = {{"iface", f.iface},
                {"src", format_address(k.kind, k.src)},
                {"dst", format_address(k.kind, k.dst)},
                {"sport", k.sport},
                {"dport", k.dport},
                {"proto", k.proto},
                {"proto_name", proto_name(k)},
                {"ethertype", ethertype_hex(k.ethertype)},
                {"packets", f.total.packets},
                {"bytes", f.total.bytes},
                {"ip_bytes", f.ip_bytes},
                {"syn_packets", f.syn_packets}};
    if (is_icmp_flow(k)) {
        out["icmp_type"] = icmp_type(k);
        out["icmp_code"] = icmp_code(k);
    }
    add_process(out, f.process);
    return out;
}

json top_flow(const FlowRecord &f)
{
    json out = flow_identity(f);
    add_window_rates(out, f.rates);
    return out;
}

json listed_flow(const FlowRecord &f)
{
    json out = flow_identity(f);
    out["first_seen"] = rfc3339_utc(f.first_seen_ns, 9);
    out["last_seen"] = rfc3339_utc(f.last_seen_ns, 9);
    out["tcp_flags"] = f.tcp_flags;
    return out;
}

template <typename Entry>
json array_of(const std::vector<const Entry *> &entries, json (*convert)(const Entry &))
{
    json out = json::array();
    for (const Entry *e : entries)
        out.push_back(convert(*e));
    return out;
}

json top_lists(const TopLists &top)
{
    return {{"sources", array_of(top_entries(top.sources), host)},
            {"destinations", array_of(top_entries(top.destinations), host)},
            {"flows", array_of(top_entries(top.flows), top_flow)},
            {"local_hosts", array_of(top_entries(top.local_hosts), split_host)},
            {"remote_hosts", array_of(top_entries(top.remote_hosts), split_host)},
            {"ports", array_of(top_entries(top.ports), port)},
            {"processes", array_of(top_entries(top.processes), process)}};
}

json flow_figures(const FlowFigures &f)
{
    return {{"active", f.active},
            {"aged_out", f.aged_out},
            {"active_traffic", counts(f.active_counts)},
            {"aged_out_traffic", counts(f.aged_out_counts)},
            {"overflow", counts(f.overflow)},
            {"refused", counts(f.refused)},
            {"max_active", f.max_active}};
}

json host_table_figures(const HostTableFigures &f)
{
    return {{"active", f.active},
            {"forgotten", f.forgotten},
            {"active_traffic", counts(f.active_counts)},
            {"forgotten_traffic", counts(f.forgotten_counts)},
            {"overflow", counts(f.overflow)}};
}

json host_figures(const HostFigures &h)
{
    return {{"capacity", h.capacity},
            {"sources", host_table_figures(h.sources)},
            {"destinations", host_table_figures(h.destinations)}};
}

} // namespace

json to_json(const Snapshot &s)
{
    json out = {{"schema", kJsonSchema},
                {"type", s.kind == Snapshot::Kind::Final ? "final" : "interval"},
                {"source", s.source},
                {"timestamp", rfc3339_utc(s.wall_time_ns, 3)},
                // Seconds as a number: jq's fromdateiso8601 rejects fractions.
                {"time_unix", rounded(static_cast<double>(s.wall_time_ns) / 1e9)},
                {"elapsed_s", rounded(s.elapsed_s)},
                {"interval_s", rounded(s.interval_s)},
                {"merged_intervals", s.merged_intervals},
                {"filter", s.filter.empty() ? json(nullptr) : json(s.filter)},
                {"direction", s.direction},
                {"local_nets", s.local_nets},
                {"totals", traffic_totals(s.total)},
                {"hooks", hooks(s.total.hooks)},
                {"directions", directions(s.directions)},
                {"protocols", protocols(s.total.classes)},
                {"non_ip_detail", non_ip_detail(s.total.classes)},
                {"flows", flow_figures(s.flows)},
                {"hosts", host_figures(s.hosts)},
                {"flow_table", flow_table(s.total.flow_table)},
                {"filtered_out", counts(s.total.filtered_out)},
                {"top", top_lists(s.top)},
                {"notices", s.notices}};
    json interfaces = json::array();
    for (const TrafficSection &iface : s.interfaces)
        interfaces.push_back(interface(iface));
    out["interfaces"] = std::move(interfaces);
    if (s.alerts) {
        out["alerts"] = alert_section_json(*s.alerts);
        out["alert_events_lost"] = s.alert_events_lost;
    }
    out["process_attribution"] = s.processes ? process_figures(*s.processes) : json(nullptr);
    if (s.local_host_counts)
        out["local_host_counters"] = local_host_counts_json(*s.local_host_counts);
    if (s.on_alert_undelivered)
        out["on_alert_undelivered"] = *s.on_alert_undelivered;
    if (s.flow_list) {
        json list = json::array();
        for (const FlowRecord &f : *s.flow_list)
            list.push_back(listed_flow(f));
        out["flow_list"] = std::move(list);
    }
    return out;
}

std::string render_json_line(const Snapshot &s)
{
    // dump() without indent is one line; replace invalid UTF-8 (a filter or
    // interface name could hold any bytes) instead of throwing.
    return to_json(s).dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace netmon
