#include "alerts/interval_values.h"

#include <algorithm>
#include <cstring>

#include <absl/container/flat_hash_set.h>

#include "alerts/selector_match.h"

namespace netmon::alerts {

namespace {

uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdULL;
}

// The product's well-mixed high half folded into the low half: a table
// that picks its slot from the low bits (abseil's, open addressing) would
// otherwise see only the inputs' low bits there (bench/README.md, "The
// spoofed flood").
uint64_t finish(uint64_t h) { return h ^ (h >> 32); }

uint64_t hash_addr(uint64_t h, const uint8_t *addr)
{
    uint64_t a, b;
    std::memcpy(&a, addr, 8);
    std::memcpy(&b, addr + 8, 8);
    return mix(mix(h, a), b);
}

// A source address seen under a key (its tally, stable in the map): for
// "sources", counted once per key.
struct SourceOfKey {
    const Tally *tally;
    uint8_t kind;
    std::array<uint8_t, 16> addr;
    bool operator==(const SourceOfKey &) const = default;
    template <class H> friend H AbslHashValue(H h, const SourceOfKey &s)
    {
        return H::combine(std::move(h), s.tally, s.kind, s.addr);
    }
};

} // namespace

size_t AlertKeyHash::operator()(const AlertKey &k) const noexcept
{
    uint64_t h = mix(static_cast<uint64_t>(k.kind) << 32 | uint64_t(k.addr_kind) << 24 |
                         uint64_t(k.proto) << 16 | k.port,
                     0);
    h = hash_addr(h, k.addr.data());
    if (k.kind != AlertKey::Kind::Process)
        return finish(h);
    return finish(hash_addr(mix(h, k.pid), reinterpret_cast<const uint8_t *>(k.comm.data())));
}

bool key_of(AlertKey::Kind kind, uint8_t prefix, const FlowDetail::Update &update, AlertKey &out)
{
    const netmon_flow_key &flow = update.key;
    out = AlertKey{};
    out.kind = kind;
    const bool ip = flow.kind == NETMON_KIND_IPV4 || flow.kind == NETMON_KIND_IPV6;
    switch (kind) {
    case AlertKey::Kind::None:
        return true;
    case AlertKey::Kind::SrcHost:
    case AlertKey::Kind::DstHost:
        if (!ip)
            return false;
        out.addr_kind = flow.kind;
        std::memcpy(out.addr.data(), kind == AlertKey::Kind::SrcHost ? flow.src : flow.dst, 16);
        return true;
    case AlertKey::Kind::DstPort:
        // Ports as pcap-filter has them (TCP, UDP, SCTP); 0 is a fragment.
        if (!ip || (flow.proto != 6 && flow.proto != 17 && flow.proto != 132) || flow.dport == 0)
            return false;
        out.proto = flow.proto;
        out.port = flow.dport;
        return true;
    case AlertKey::Kind::Process: {
        if (!update.process)
            return false;
        out.pid = update.process->pid;
        const std::string &comm = update.process->comm;
        std::copy_n(comm.begin(), std::min(comm.size(), out.comm.size() - 1), out.comm.begin());
        return true;
    }
    case AlertKey::Kind::SrcNet:
    case AlertKey::Kind::DstNet: {
        if (!ip)
            return false;
        out.addr_kind = flow.kind;
        // The prefix in the address's own family: IPv4 keeps min(N, 32) bits.
        const unsigned family_bits = flow.kind == NETMON_KIND_IPV4 ? 32 : 128;
        const unsigned n = prefix < family_bits ? prefix : family_bits;
        out.prefix = static_cast<uint8_t>(n);
        const unsigned bits = n + (128 - family_bits);
        const uint8_t *addr = kind == AlertKey::Kind::SrcNet ? flow.src : flow.dst;
        std::memcpy(out.addr.data(), addr, bits / 8);
        if (bits % 8)
            out.addr[bits / 8] = static_cast<uint8_t>(addr[bits / 8] & (0xff << (8 - bits % 8)));
        return true;
    }
    }
    return false;
}

bool reads_flows(const Rule &rule)
{
    return rule.selector || rule.key != AlertKey::Kind::None || rule.wants(Metric::Flows) ||
           rule.wants(Metric::Sources);
}

IntervalTallies tally(const Rule &rule, const Snapshot &snap, const MatchContext &ctx,
                      const FlowIndex *index)
{
    IntervalTallies out;
    out.interval_s = snap.interval_s;
    out.all_packets = snap.total.interval.packets;
    const bool per_key = rule.key != AlertKey::Kind::None;
    const bool want_sources = rule.wants(Metric::Sources);
    // Open addressing (abseil): a spoofed flood brings a new source per flow.
    absl::flat_hash_set<SourceOfKey> seen;
    if (snap.flow_detail && reads_flows(rule)) {
        const auto &updates = snap.flow_detail->updates;
        if (want_sources)
            seen.reserve(updates.size());
        auto add = [&](const FlowDetail::Update &u) {
            const uint8_t parts = match_parts(rule.selector.get(), u, ctx);
            if (!parts)
                return;
            const Picked p = picked(parts, u.delta);
            if (p.packets == 0)
                return;
            AlertKey key;
            if (!key_of(rule.key, rule.key_prefix, u, key))
                return;
            Tally *targets[2] = {&out.total, per_key ? &out.by_key[key] : nullptr};
            bool new_source = false;
            if (want_sources) {
                SourceOfKey s{targets[per_key ? 1 : 0], u.key.kind, {}};
                std::memcpy(s.addr.data(), u.key.src, 16);
                new_source = seen.insert(s).second;
            }
            for (Tally *t : targets) {
                if (!t)
                    continue;
                t->packets += p.packets;
                t->bytes += p.bytes;
                // A flow the full table refused is new to it in each
                // interval it sends in: under a flood of new flows the
                // rate stays the flood's, not zero once the table is full.
                t->new_flows += u.started || !u.held ? 1 : 0;
                t->updates++;
            }
            // The total's sources are those of the keys together: distinct
            // per key only for a per-key rule (the total is then not used).
            if (new_source) {
                out.total.sources++;
                if (per_key)
                    targets[1]->sources++;
            }
        };
        if (index) {
            const ClassMask classes = rule_classes(rule);
            for (unsigned c = 0; c < kNumFlowClasses; c++)
                if (classes & (1u << c))
                    for (uint32_t i : index->by_class[c])
                        add(updates[i]);
        } else {
            for (const FlowDetail::Update &u : updates)
                add(u);
        }
    }
    // A rule over everything (no selector, no key) counts from the counters:
    // they also hold the frames that found the flow table full.
    if (!rule.selector && !per_key) {
        out.total.packets = snap.total.interval.packets;
        out.total.bytes = snap.total.interval.bytes;
    }
    return out;
}

double metric_value(Metric metric, const Tally &t, uint64_t all_packets, double interval_s)
{
    if (interval_s <= 0)
        return 0;
    switch (metric) {
    case Metric::Pps:
        return static_cast<double>(t.packets) / interval_s;
    case Metric::Bps:
        return static_cast<double>(t.bytes) * 8.0 / interval_s;
    case Metric::Flows:
        return static_cast<double>(t.new_flows) / interval_s;
    case Metric::Sources:
        return static_cast<double>(t.sources);
    case Metric::Share:
        break;
    }
    return all_packets ? 100.0 * static_cast<double>(t.packets) / static_cast<double>(all_packets)
                       : 0;
}

} // namespace netmon::alerts

namespace netmon::alerts {

std::vector<double> condition_values(const Rule &rule, const Tally &t,
                                     const IntervalTallies &tallies)
{
    std::vector<double> values;
    values.reserve(rule.conditions.size());
    for (const Condition &c : rule.conditions)
        values.push_back(metric_value(c.metric, t, tallies.all_packets, tallies.interval_s));
    return values;
}

} // namespace netmon::alerts
