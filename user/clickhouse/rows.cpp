#include "clickhouse/rows.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>

#include "output/address_format.h"
#include "output/protocol_names.h"

namespace netmon::clickhouse {

namespace {

constexpr uint64_t kNsPerSecond = 1000000000;

// The interval a snapshot closes, in Unix seconds (DateTime columns take
// them as numbers, whatever the server's time zone).
struct IntervalSeconds {
    uint64_t start = 0;
    uint64_t end = 0;
};

IntervalSeconds interval_of(const Snapshot &snap)
{
    const auto length_ns = static_cast<uint64_t>(snap.interval_s * 1e9);
    const uint64_t start_ns = snap.wall_time_ns > length_ns ? snap.wall_time_ns - length_ns : 0;
    return {start_ns / kNsPerSecond, snap.wall_time_ns / kNsPerSecond};
}

const char *hook_name(uint8_t hook) { return hook == NETMON_HOOK_EGRESS ? "egress" : "ingress"; }

// The traffic class of the JSON `protocols` keys, so the two can be compared.
std::string class_of(const netmon_flow_key &key)
{
    if (key.kind == NETMON_KIND_L2)
        return "non_ip";
    switch (key.proto) {
    case kProtoTcp:
        return "tcp";
    case kProtoUdp:
        return "udp";
    case kProtoIcmp:
        return "icmp";
    case kProtoIcmpv6:
        return "icmpv6";
    default:
        return "ip_proto_" + std::to_string(key.proto);
    }
}

void add_field(std::string &line, const char *name, const std::string &json_value)
{
    line += line.size() == 1 ? "\"" : ",\"";
    line += name;
    line += "\":";
    line += json_value;
}

void add_field(std::string &line, const char *name, uint64_t value)
{
    add_field(line, name, std::to_string(value));
}

// A flow's updates in one snapshot, added up.
struct FlowSum {
    uint32_t iface = 0;
    netmon_flow_key key{};
    netmon_flow_stats stats{};
};

// Orders keys by their bytes: padding is always zero (flow.h).
struct KeyLess {
    bool operator()(const std::pair<uint32_t, netmon_flow_key> &a,
                    const std::pair<uint32_t, netmon_flow_key> &b) const
    {
        if (a.first != b.first)
            return a.first < b.first;
        return std::memcmp(&a.second, &b.second, sizeof(netmon_flow_key)) < 0;
    }
};

std::vector<FlowSum> sum_updates(const FlowDetail &detail)
{
    std::vector<FlowSum> out;
    std::map<std::pair<uint32_t, netmon_flow_key>, size_t, KeyLess> at;
    for (const FlowDetail::Update &u : detail.updates) {
        auto [it, fresh] = at.try_emplace({u.iface, u.key}, out.size());
        if (fresh) {
            out.push_back({u.iface, u.key, u.delta});
            continue;
        }
        netmon_flow_stats &s = out[it->second].stats;
        s.packets += u.delta.packets;
        s.bytes += u.delta.bytes;
        s.ip_bytes += u.delta.ip_bytes;
        s.syn_packets += u.delta.syn_packets;
        s.first_seen_ns = std::min(s.first_seen_ns, u.delta.first_seen_ns);
        s.last_seen_ns = std::max(s.last_seen_ns, u.delta.last_seen_ns);
        s.tcp_flags |= u.delta.tcp_flags;
    }
    return out;
}

} // namespace

const char *table_name(Table table)
{
    return table == Table::Flows ? kFlowsTable : kInterfacesTable;
}

std::string json_string(const std::string &text)
{
    std::string out = "\"";
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c >= 0x7f) {
            // Interface names are bytes, not always UTF-8: escaped one by
            // one, every line is valid JSON.
            char buf[8];
            std::snprintf(buf, sizeof(buf), "\\u%04x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

std::vector<Row> flow_rows(const Snapshot &snap, const std::string &host)
{
    std::vector<Row> rows;
    if (!snap.flow_detail)
        return rows;
    const IntervalSeconds interval = interval_of(snap);
    const std::string host_json = json_string(host);
    for (const FlowSum &f : sum_updates(*snap.flow_detail)) {
        const std::string iface =
            f.iface < snap.interfaces.size() ? snap.interfaces[f.iface].name : "";
        Row row{Table::Flows, "{", {f.stats.packets, f.stats.bytes}};
        std::string &l = row.line;
        add_field(l, "host", host_json);
        add_field(l, "interface", json_string(iface));
        add_field(l, "hook", json_string(hook_name(f.key.hook)));
        add_field(l, "interval_start", interval.start);
        add_field(l, "interval_end", interval.end);
        add_field(l, "src", json_string(format_address(f.key.kind, f.key.src)));
        add_field(l, "dst", json_string(format_address(f.key.kind, f.key.dst)));
        add_field(l, "sport", f.key.sport);
        add_field(l, "dport", f.key.dport);
        add_field(l, "proto", f.key.proto);
        add_field(l, "ethertype", f.key.ethertype);
        add_field(l, "class", json_string(class_of(f.key)));
        add_field(l, "packets", f.stats.packets);
        add_field(l, "bytes", f.stats.bytes);
        add_field(l, "ip_bytes", f.stats.ip_bytes);
        add_field(l, "syn_packets", f.stats.syn_packets);
        add_field(l, "tcp_flags", f.stats.tcp_flags);
        add_field(l, "first_seen", f.stats.first_seen_ns / kNsPerSecond);
        add_field(l, "last_seen", f.stats.last_seen_ns / kNsPerSecond);
        l += "}\n";
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<Row> interface_rows(const Snapshot &snap, const std::string &host)
{
    std::vector<Row> rows;
    const IntervalSeconds interval = interval_of(snap);
    const std::string host_json = json_string(host);
    for (const TrafficSection &s : snap.interfaces) {
        Row row{Table::Interfaces, "{", s.interval};
        std::string &l = row.line;
        add_field(l, "host", host_json);
        add_field(l, "interface", json_string(s.name));
        add_field(l, "interval_start", interval.start);
        add_field(l, "interval_end", interval.end);
        add_field(l, "packets", s.interval.packets);
        add_field(l, "bytes", s.interval.bytes);
        add_field(l, "ingress_packets", s.hooks[NETMON_HOOK_INGRESS].interval.packets);
        add_field(l, "ingress_bytes", s.hooks[NETMON_HOOK_INGRESS].interval.bytes);
        add_field(l, "egress_packets", s.hooks[NETMON_HOOK_EGRESS].interval.packets);
        add_field(l, "egress_bytes", s.hooks[NETMON_HOOK_EGRESS].interval.bytes);
        l += "}\n";
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace netmon::clickhouse
