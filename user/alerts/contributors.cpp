#include "alerts/contributors.h"

#include <algorithm>
#include <cstring>
#include <map>

#include "alerts/interval_values.h"
#include "alerts/selector_match.h"
#include "output/address_format.h"
#include "output/flow_format.h"
#include "output/protocol_names.h"

namespace netmon::alerts {

namespace {

using Sums = std::map<std::string, Picked>;

std::vector<AlertContributor> ranked(const Sums &sums, size_t n, double interval_s)
{
    std::vector<AlertContributor> out;
    for (const auto &[label, p] : sums)
        out.push_back(
            {label, p.packets, p.bytes, p.packets / interval_s, p.bytes * 8.0 / interval_s});
    std::stable_sort(out.begin(), out.end(), [](const auto &a, const auto &b) {
        return a.packets != b.packets ? a.packets > b.packets : a.bytes > b.bytes;
    });
    if (out.size() > n)
        out.resize(n);
    return out;
}

void add(Sums &sums, const std::string &label, const Picked &p)
{
    Picked &s = sums[label];
    s.packets += p.packets;
    s.bytes += p.bytes;
}

} // namespace

std::unordered_map<AlertKey, AlertTop, AlertKeyHash>
top_contributors(const Rule &rule, const std::vector<AlertKey> &keys, const Snapshot &snap,
                 const LocalNets &nets, double rate_s, size_t n)
{
    std::unordered_map<AlertKey, AlertTop, AlertKeyHash> tops;
    for (const AlertKey &k : keys)
        tops[k];
    if (!snap.flow_detail || rate_s <= 0 || keys.empty())
        return tops;
    struct KeySums {
        Sums sources, destinations, ports, flows;
    };
    std::unordered_map<AlertKey, KeySums, AlertKeyHash> sums;
    for (const AlertKey &k : keys)
        sums[k];
    for (const FlowDetail::Update &u : snap.flow_detail->updates) {
        const uint8_t parts = match_parts(rule.selector.get(), u.key, nets);
        if (!parts)
            continue;
        AlertKey k;
        if (!key_of(rule.key, u.key, k))
            continue;
        const auto found = sums.find(k);
        if (found == sums.end())
            continue;
        const Picked p = picked(parts, u.delta);
        if (p.packets == 0)
            continue;
        KeySums &s = found->second;
        add(s.sources, format_address(u.key.kind, std::span<const uint8_t, 16>(u.key.src)), p);
        add(s.destinations, format_address(u.key.kind, std::span<const uint8_t, 16>(u.key.dst)), p);
        AlertKey port;
        if (key_of(AlertKey::Kind::DstPort, u.key, port))
            add(s.ports, std::to_string(port.port) + "/" + ip_protocol_label(port.proto), p);
        add(s.flows, format_flow(u.key), p);
    }
    for (auto &[k, s] : sums) {
        AlertTop &top = tops[k];
        top.sources = ranked(s.sources, n, rate_s);
        top.destinations = ranked(s.destinations, n, rate_s);
        top.ports = ranked(s.ports, n, rate_s);
        top.flows = ranked(s.flows, n, rate_s);
    }
    return tops;
}

} // namespace netmon::alerts
