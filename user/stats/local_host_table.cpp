#include "stats/local_host_table.h"

#include <algorithm>
#include <unordered_map>

#include "harvest/hll_estimate.h"

namespace netmon {

namespace {

void add_direction(netmon_host_direction &to, const netmon_host_direction &from)
{
    for (uint32_t k = 0; k < NETMON_NUM_HOST_CLASSES; k++) {
        to.packets[k] += from.packets[k];
        to.bytes[k] += from.bytes[k];
    }
}

void add_counters(netmon_host_counters &to, const netmon_host_counters &from)
{
    add_direction(to.received, from.received);
    add_direction(to.sent, from.sent);
    to.syn_received += from.syn_received;
}

uint64_t bytes_of(const netmon_host_counters &c)
{
    return all_classes(c.received).bytes + all_classes(c.sent).bytes;
}

} // namespace

LocalHostTable::LocalHostTable(HostLayout layout)
    : layout_(std::move(layout)), total_(layout_.slots()), interval_(layout_.slots()),
      sources_(layout_.slots()), seen_(layout_.slots())
{
}

void LocalHostTable::add(const HostHarvest &harvest)
{
    unheld_ += harvest.unheld;
    for (const HostDelta &d : harvest.hosts) {
        if (d.slot >= total_.size())
            continue; // another layout's slot: cannot happen, one layout per run
        add_counters(total_[d.slot], d.counts);
        add_counters(interval_[d.slot], d.counts);
        for (uint32_t r = 0; r < NETMON_HLL_REGISTERS; r++)
            sources_[d.slot].reg[r] = std::max(sources_[d.slot].reg[r], d.sources.reg[r]);
        if (!seen_[d.slot]) {
            seen_[d.slot] = true;
            active_.push_back(d.slot);
        }
    }
}

std::shared_ptr<const LocalHostSection> LocalHostTable::close_interval()
{
    auto out = std::make_shared<LocalHostSection>();
    out->slots = layout_.slots();
    out->sources_error = hll_relative_error();
    out->unheld_total = unheld_;
    out->hosts.reserve(active_.size());
    for (uint32_t slot : active_) {
        const HostAddress a = layout_.address(slot);
        LocalHostCount &h = out->hosts.emplace_back();
        h.kind = a.kind;
        h.addr = a.addr;
        h.total = total_[slot];
        h.interval = interval_[slot];
        h.sources_estimate =
            all_classes(interval_[slot].received).packets ? hll_estimate(sources_[slot]) : 0;
        interval_[slot] = {};
        sources_[slot] = {};
    }
    std::stable_sort(out->hosts.begin(), out->hosts.end(),
                     [](const LocalHostCount &a, const LocalHostCount &b) {
                         return bytes_of(a.total) > bytes_of(b.total);
                     });
    return out;
}

void apply_local_host_counts(Snapshot &snap, const LocalHostSection &hosts)
{
    struct Totals {
        Count sent, received;
    };
    std::unordered_map<std::string, Totals> by_addr;
    by_addr.reserve(hosts.hosts.size());
    auto id = [](uint8_t kind, const std::array<uint8_t, 16> &addr) {
        return std::string(1, static_cast<char>(kind)) +
               std::string(reinterpret_cast<const char *>(addr.data()), addr.size());
    };
    for (const LocalHostCount &h : hosts.hosts)
        by_addr[id(h.kind, h.addr)] = {all_classes(h.total.sent), all_classes(h.total.received)};
    auto exact = [&](const HostEntry &e) -> const Totals * {
        auto it = by_addr.find(id(e.kind, e.addr));
        return it == by_addr.end() ? nullptr : &it->second;
    };
    for (HostEntry &e : snap.top.sources)
        if (const Totals *t = exact(e))
            e.total = t->sent;
    for (HostEntry &e : snap.top.destinations)
        if (const Totals *t = exact(e))
            e.total = t->received;
    for (HostEntry &e : snap.top.local_hosts)
        if (const Totals *t = exact(e)) {
            e.sent = t->sent;
            e.received = t->received;
            e.total = t->sent + t->received;
        }
}

} // namespace netmon
