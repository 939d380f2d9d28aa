#include "http/metrics_exposition.h"

#include <map>
#include <utility>

#include "http/process_metrics.h"
#include "http/prometheus_text.h"

namespace netmon::http {

namespace {

const char *hook_label(size_t hook) { return hook == NETMON_HOOK_EGRESS ? "egress" : "ingress"; }

const char *direction_label(size_t d)
{
    switch (static_cast<Direction>(d)) {
    case Direction::Inbound:
        return "inbound";
    case Direction::Outbound:
        return "outbound";
    case Direction::Internal:
        return "internal";
    case Direction::Other:
        break;
    }
    return "other";
}

bool always_listed(const std::string &label)
{
    return label == "tcp" || label == "udp" || label == "icmp" || label == "icmpv6" ||
           label == "non_ip";
}

// Per interface, hook and class label: ARP and other L2 frames share
// "non_ip". The common classes are always there (series that come and go
// break rate()); other IP protocols appear once counted.
using ClassTotals = std::map<std::string, Count>;
ClassTotals class_totals(const HookSection &hook)
{
    ClassTotals out;
    for (const char *l : {"tcp", "udp", "icmp", "icmpv6", "non_ip"})
        out[l] = {};
    for (size_t c = 0; c < kNumClasses; c++) {
        const Count &n = hook.classes[c];
        std::string label = class_label(c);
        if (n.packets == 0 && !always_listed(label))
            continue;
        out[label] += n;
    }
    return out;
}

void traffic(PrometheusText &p, const Snapshot &s, bool bytes)
{
    p.family(bytes ? "netmon_bytes_total" : "netmon_packets_total", "counter",
             bytes ? "Bytes of the frames counted (whole Ethernet frames), by interface, hook "
                     "and class"
                   : "Frames counted, by interface, hook and class");
    for (const auto &iface : s.interfaces)
        for (size_t h = 0; h < NETMON_NUM_HOOKS; h++)
            for (const auto &[label, n] : class_totals(iface.hooks[h]))
                p.sample("", {{"interface", iface.name}, {"hook", hook_label(h)}, {"class", label}},
                         bytes ? n.bytes : n.packets);
}

void directions(PrometheusText &p, const Snapshot &s, bool bytes)
{
    p.family(bytes ? "netmon_direction_bytes_total" : "netmon_direction_packets_total", "counter",
             std::string(bytes ? "Bytes" : "Frames") +
                 " by interface and direction relative to the local networks");
    for (const auto &iface : s.interfaces)
        for (size_t d = 0; d < kNumDirections; d++) {
            const Count &n = iface.directions[d].total;
            p.sample("", {{"interface", iface.name}, {"direction", direction_label(d)}},
                     bytes ? n.bytes : n.packets);
        }
}

// Per interface: its CPUs' kernel tables, what they held at the last
// harvest, and how full the fullest one was (1: frames overflowed).
void flow_table_fill(PrometheusText &p, const Snapshot &s)
{
    p.family("netmon_flow_table_capacity", "gauge",
             "Flows the interface's kernel flow tables hold per interval (--max-flows per CPU "
             "table, all CPUs)");
    for (const auto &iface : s.interfaces)
        p.sample("", {{"interface", iface.name}}, iface.flow_table.capacity());
    p.family("netmon_flow_table_entries", "gauge",
             "Flows in the interface's kernel flow tables at the last interval's harvest, all "
             "CPUs");
    for (const auto &iface : s.interfaces)
        p.sample("", {{"interface", iface.name}}, iface.flow_table.entries);
    p.family("netmon_flow_table_fill_ratio", "gauge",
             "Fill of the interface's fullest CPU flow table at the last interval's harvest "
             "(1: full, frames overflow)");
    for (const auto &iface : s.interfaces)
        p.sample("", {{"interface", iface.name}}, iface.flow_table.fill_ratio());
}

void per_interface(PrometheusText &p, const Snapshot &s, const char *name, const char *help,
                   Count TrafficSection::*field, bool bytes)
{
    p.family(name, "counter", help);
    for (const auto &iface : s.interfaces)
        p.sample("", {{"interface", iface.name}},
                 bytes ? (iface.*field).bytes : (iface.*field).packets);
}

void poll_histogram(PrometheusText &p, const PollHistogram &h)
{
    p.family(
        "netmon_poll_duration_seconds", "histogram",
        "Time each interval's harvest took (flip, grace period, flow record copy, aggregation)");
    for (size_t i = 0; i < PollHistogram::kBounds.size(); i++)
        p.sample("_bucket", {{"le", format_value(PollHistogram::kBounds[i])}}, h.bucket(i));
    p.sample("_bucket", {{"le", "+Inf"}}, h.count());
    p.sample("_sum", {}, h.sum());
    p.sample("_count", {}, h.count());
}

// The two host tables, a series each: held, forgotten, and what a full
// table refused (--max-hosts).
void host_tables(PrometheusText &p, const HostFigures &h)
{
    const std::pair<const char *, const HostTableFigures *> tables[] = {
        {"sources", &h.sources}, {"destinations", &h.destinations}};
    p.family("netmon_hosts_active", "gauge",
             "Hosts in the host table now (active within the last 40 s)");
    for (const auto &[name, f] : tables)
        p.sample("", {{"table", name}}, f->active);
    p.family("netmon_hosts_forgotten_total", "counter",
             "Hosts that left the host table after 40 s idle (their counts stay in the totals)");
    for (const auto &[name, f] : tables)
        p.sample("", {{"table", name}}, f->forgotten);
    p.family("netmon_host_overflow_packets_total", "counter",
             "Frames of hosts the full host table refused (--max-hosts)");
    for (const auto &[name, f] : tables)
        p.sample("", {{"table", name}}, f->overflow.packets);
    p.family("netmon_host_overflow_bytes_total", "counter",
             "Bytes of the frames of hosts the full host table refused");
    for (const auto &[name, f] : tables)
        p.sample("", {{"table", name}}, f->overflow.bytes);
}

} // namespace

std::string class_label(size_t cls)
{
    switch (cls) {
    case 6:
        return "tcp";
    case 17:
        return "udp";
    case 1:
        return "icmp";
    case 58:
        return "icmpv6";
    case NETMON_CTR_ARP:
    case NETMON_CTR_OTHER_L2:
        return "non_ip";
    case NETMON_CTR_MALFORMED_IP:
        return "malformed_ip";
    case NETMON_CTR_IPV6_EXT_CHAIN_TOO_LONG:
        return "ipv6_ext_chain_too_long";
    }
    return "ip_proto_" + std::to_string(cls);
}

std::string render_metrics(const Snapshot &s, const MetricsContext &ctx)
{
    PrometheusText p;
    traffic(p, s, false);
    traffic(p, s, true);
    directions(p, s, false);
    directions(p, s, true);

    p.family("netmon_flows_active", "gauge", "Flows in the flow table now");
    p.sample("", {}, s.flows.active);
    p.family("netmon_flows_aged_out_total", "counter",
             "Flows that left the flow table after --flow-timeout idle");
    p.sample("", {}, s.flows.aged_out);
    p.family("netmon_flows_active_max", "gauge",
             "Flows the flow table holds at most (--max-active-flows)");
    p.sample("", {}, s.flows.max_active);
    p.family("netmon_flows_refused_packets_total", "counter",
             "Frames of new flows the full flow table refused (in no flow)");
    p.sample("", {}, s.flows.refused.packets);
    p.family("netmon_flows_refused_bytes_total", "counter",
             "Bytes of the frames of new flows the full flow table refused");
    p.sample("", {}, s.flows.refused.bytes);
    per_interface(p, s, "netmon_flow_overflow_packets_total",
                  "Counted frames that found the kernel flow table full (in no flow)",
                  &TrafficSection::overflow, false);
    per_interface(p, s, "netmon_flow_overflow_bytes_total",
                  "Bytes of the counted frames that found the kernel flow table full",
                  &TrafficSection::overflow, true);
    host_tables(p, s.hosts);
    per_interface(p, s, "netmon_filtered_out_packets_total",
                  "Frames the --filter excluded (not in netmon_packets_total)",
                  &TrafficSection::filtered_out, false);
    per_interface(p, s, "netmon_filtered_out_bytes_total",
                  "Bytes of the frames the --filter excluded", &TrafficSection::filtered_out, true);

    p.family("netmon_flow_table_capacity_flows", "gauge",
             "Flows each CPU's kernel table holds per interval and interface (--max-flows)");
    p.sample("", {}, static_cast<uint64_t>(ctx.max_flows));
    flow_table_fill(p, s);
    p.family("netmon_interface_up", "gauge",
             "1 while the interface is monitored, 0 once it disappeared");
    for (const auto &iface : s.interfaces)
        p.sample("", {{"interface", iface.name}}, static_cast<uint64_t>(iface.gone ? 0 : 1));
    process_metrics(p, s);
    p.family("netmon_intervals_total", "counter", "Intervals closed since start");
    p.sample("", {}, s.sequence);
    if (ctx.poll)
        poll_histogram(p, *ctx.poll);
    p.family("netmon_build_info", "gauge", "Always 1: the version and git revision running");
    p.sample("", {{"version", ctx.version}, {"revision", ctx.revision}}, uint64_t{1});
    return p.text();
}

} // namespace netmon::http
