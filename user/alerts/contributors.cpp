#include "alerts/contributors.h"

#include <algorithm>
#include <array>
#include <cstring>

#include <absl/container/flat_hash_map.h>

#include "alerts/interval_values.h"
#include "alerts/selector_match.h"
#include "output/address_format.h"
#include "output/flow_format.h"
#include "output/protocol_names.h"

namespace netmon::alerts {

namespace {

// Contributors are summed under their binary identity and only the top n
// get a label: formatting a label per flow update cost more than the rest
// of an event. Ties rank by that identity (addresses and ports in numeric
// order), so the same interval always gives the same list.
template <size_t N> using Id = std::array<uint8_t, N>;

// Open addressing (abseil): under a spoofed flood a key's interval holds a
// contributor per flow, and node-based maps spent most of an event's time
// allocating nodes.
template <size_t N> using Sums = absl::flat_hash_map<Id<N>, Picked>;

using HostId = Id<17>; // kind, address
using PortId = Id<3>;  // port (big endian), protocol
using FlowId = Id<sizeof(netmon_flow_key)>;

HostId host_id(uint8_t kind, const uint8_t *addr)
{
    HostId id{kind};
    std::memcpy(id.data() + 1, addr, 16);
    return id;
}

std::string label_of(const HostId &id)
{
    return format_address(id[0], std::span<const uint8_t, 16>(id.data() + 1, 16));
}
std::string label_of(const PortId &id)
{
    return std::to_string(id[0] << 8 | id[1]) + "/" + ip_protocol_label(id[2]);
}
std::string label_of(const FlowId &id)
{
    netmon_flow_key key;
    std::memcpy(&key, id.data(), sizeof(key));
    return format_flow(key);
}

template <size_t N> void add(Sums<N> &sums, const Id<N> &id, const Picked &p)
{
    Picked &s = sums[id];
    s.packets += p.packets;
    s.bytes += p.bytes;
}

// The top n by packets, then bytes, then identity.
template <size_t N>
std::vector<AlertContributor> ranked(const Sums<N> &sums, size_t n, double interval_s)
{
    using Entry = typename Sums<N>::const_pointer;
    std::vector<Entry> entries;
    entries.reserve(sums.size());
    for (const auto &e : sums)
        entries.push_back(&e);
    const size_t keep = std::min(n, entries.size());
    std::partial_sort(entries.begin(), entries.begin() + static_cast<ptrdiff_t>(keep),
                      entries.end(), [](Entry a, Entry b) {
                          if (a->second.packets != b->second.packets)
                              return a->second.packets > b->second.packets;
                          if (a->second.bytes != b->second.bytes)
                              return a->second.bytes > b->second.bytes;
                          return a->first < b->first;
                      });
    std::vector<AlertContributor> out;
    for (size_t i = 0; i < keep; i++) {
        const Picked &p = entries[i]->second;
        out.push_back({label_of(entries[i]->first), p.packets, p.bytes, p.packets / interval_s,
                       p.bytes * 8.0 / interval_s});
    }
    return out;
}

struct KeySums {
    Sums<17> sources, destinations;
    Sums<3> ports;
    Sums<sizeof(netmon_flow_key)> flows;
};

} // namespace

std::unordered_map<AlertKey, AlertTop, AlertKeyHash>
top_contributors(const Rule &rule, const std::vector<AlertKey> &keys, const Snapshot &snap,
                 const MatchContext &ctx, double rate_s, size_t n)
{
    std::unordered_map<AlertKey, AlertTop, AlertKeyHash> tops;
    for (const AlertKey &k : keys)
        tops[k];
    if (!snap.flow_detail || rate_s <= 0 || keys.empty())
        return tops;
    std::unordered_map<AlertKey, KeySums, AlertKeyHash> sums;
    for (const AlertKey &k : keys)
        sums[k];
    // One key (the usual event): room for every update up front, so a
    // flood's maps never rehash. Untouched room costs address space only.
    // Many keys (carpet bombing) grow by rehash instead: room for every
    // update in each key's maps would cost keys x updates.
    if (keys.size() == 1) {
        KeySums &s = sums.begin()->second;
        const size_t n_updates = snap.flow_detail->updates.size();
        s.sources.reserve(n_updates);
        s.destinations.reserve(n_updates);
        s.ports.reserve(n_updates);
        s.flows.reserve(n_updates);
    }
    for (const FlowDetail::Update &u : snap.flow_detail->updates) {
        const uint8_t parts = match_parts(rule.selector.get(), u, ctx);
        if (!parts)
            continue;
        AlertKey k;
        if (!key_of(rule.key, rule.key_prefix, u, k))
            continue;
        const auto found = sums.find(k);
        if (found == sums.end())
            continue;
        const Picked p = picked(parts, u.delta);
        if (p.packets == 0)
            continue;
        KeySums &s = found->second;
        add(s.sources, host_id(u.key.kind, u.key.src), p);
        add(s.destinations, host_id(u.key.kind, u.key.dst), p);
        AlertKey port;
        if (key_of(AlertKey::Kind::DstPort, 0, u, port))
            add(s.ports,
                PortId{static_cast<uint8_t>(port.port >> 8), static_cast<uint8_t>(port.port & 0xff),
                       port.proto},
                p);
        FlowId flow;
        std::memcpy(flow.data(), &u.key, sizeof(u.key));
        add(s.flows, flow, p);
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
