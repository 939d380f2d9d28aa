#include "alerts/host_values.h"

#include <cmath>

namespace netmon::alerts {

namespace {

// The classes a selector picks, or none when it is not one the counters
// can answer. SYN is a packet count of its own (syn_received).
struct HostPick {
    bool all = false;
    int host_class = -1; // enum netmon_host_class
    bool syn = false;
};

HostPick pick_of(const Selector *s)
{
    HostPick p;
    if (!s) {
        p.all = true;
        return p;
    }
    if (s->op == Selector::Op::Proto && s->family == 0 && (s->proto == 6 || s->proto == 17))
        p.host_class = s->proto == 6 ? NETMON_HOST_TCP : NETMON_HOST_UDP;
    else if (s->op == Selector::Op::Syn)
        p.syn = true;
    return p;
}

bool answerable(const HostPick &p) { return p.all || p.host_class >= 0 || p.syn; }

} // namespace

bool reads_host_counters(const Rule &rule)
{
    if (rule.key != AlertKey::Kind::DstHost && rule.key != AlertKey::Kind::SrcHost)
        return false;
    const HostPick p = pick_of(rule.selector.get());
    // SYNs are counted as received only.
    return answerable(p) && !(p.syn && rule.key != AlertKey::Kind::DstHost);
}

void use_host_counters(const Rule &rule, const LocalHostSection &hosts, bool overflowed,
                       IntervalTallies &t)
{
    if (!reads_host_counters(rule))
        return;
    const HostPick pick = pick_of(rule.selector.get());
    const bool received = rule.key == AlertKey::Kind::DstHost;
    for (const LocalHostCount &h : hosts.hosts) {
        const netmon_host_direction &d = received ? h.interval.received : h.interval.sent;
        Count c;
        if (pick.syn)
            c.packets = h.interval.syn_received; // bytes unknown: bps is refused
        else if (pick.all)
            c = all_classes(d);
        else
            c = {d.packets[pick.host_class], d.bytes[pick.host_class]};
        AlertKey key;
        key.kind = rule.key;
        key.addr_kind = h.kind;
        key.addr = h.addr;
        auto found = t.by_key.find(key);
        if (c.packets == 0 && found == t.by_key.end())
            continue;
        Tally &tally = t.by_key[key];
        tally.packets = c.packets;
        tally.bytes = c.bytes;
        tally.host_counters = true;
        if (rule.wants(Metric::Sources) && received && overflowed && !pick.syn && pick.all) {
            tally.sources = static_cast<uint64_t>(std::llround(h.sources_estimate));
            tally.sources_error = hosts.sources_error;
        }
    }
}

} // namespace netmon::alerts
