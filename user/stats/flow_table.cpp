#include "stats/flow_table.h"

#include <algorithm>

namespace netmon {

FlowTable::FlowTable(std::vector<std::string> iface_names, WindowSpec spec, size_t top_n,
                     bool keep_aged_flows, size_t max_active)
    : iface_names_(std::move(iface_names)), table_(spec, TalkerBounds{.max_entries = max_active}),
      top_n_(top_n), keep_aged_flows_(keep_aged_flows), processes_(spec)
{
}

void FlowTable::fold(uint32_t iface, std::span<const FlowDelta> deltas, FlowDetail::Update *detail)
{
    table_.fold_prefetched(
        deltas.size(),
        [&](size_t i) {
            return FlowTableKey{iface, deltas[i].key};
        },
        [&](size_t i, uint64_t hash) {
            fold_one(iface, deltas[i], hash, detail ? &detail[i] : nullptr);
        });
}

void FlowTable::fold_one(uint32_t iface, const FlowDelta &d, uint64_t hash,
                         FlowDetail::Update *detail)
{
    Count delta{d.stats.packets, d.stats.bytes};
    size_t size_before = table_.size();
    auto h = table_.add(FlowTableKey{iface, d.key}, hash, delta);
    if (h == Table::kRefused) {
        // The table is full: the flow's traffic is in refused_counts(), and
        // the update says so (an IPFIX exporter reports it at once); it
        // started nothing and has no process.
        if (detail)
            detail->held = false;
        return;
    }
    bool is_new = table_.size() > size_before;
    auto &x = table_.at(h).extra;
    if (is_new)
        x.first_seen_ns = d.stats.first_seen_ns;
    else
        x.first_seen_ns = std::min<uint64_t>(x.first_seen_ns, d.stats.first_seen_ns);
    x.last_seen_ns = std::max<uint64_t>(x.last_seen_ns, d.stats.last_seen_ns);
    x.ip_bytes += d.stats.ip_bytes;
    x.syn_packets += d.stats.syn_packets;
    x.tcp_flags |= d.stats.tcp_flags;
    ageing_.touch(h, x.ageing_group, x.last_seen_ns);
    active_counts_ += delta;
    if (owners_)
        attribute(table_.at(h), delta);
    if (detail) {
        detail->started = is_new;
        detail->process = x.owner.process;
    }
}

void FlowTable::attribute(Table::Entry &e, const Count &delta)
{
    FlowOwner &owner = e.extra.owner;
    if (owner.process) {
        processes_.add(owner, delta);
        return;
    }
    owner = owners_->owner_of(e.key.flow);
    if (owner.process)
        processes_.add(owner, e.total);
}

void FlowTable::age_out(uint64_t cutoff_ns, std::vector<FlowDetail::End> *ended)
{
    auto by_bytes = [](const FlowRecord &a, const FlowRecord &b) {
        return a.total.bytes > b.total.bytes;
    };
    auto expire = [&](Table::Handle h) {
        auto &e = table_.at(h);
        FlowRecord rec = record_of(e);
        if (ended)
            ended->push_back({e.key.iface, e.key.flow, e.extra.last_seen_ns});
        aged_out_++;
        aged_out_counts_ += e.total;
        active_counts_ = active_counts_ - e.total;
        // Keep the best top_n_ aged-out flows for the final top list.
        if (aged_top_.size() < top_n_ ||
            (top_n_ && rec.total.bytes > aged_top_.back().total.bytes)) {
            aged_top_.insert(std::upper_bound(aged_top_.begin(), aged_top_.end(), rec, by_bytes),
                             rec);
            if (aged_top_.size() > top_n_)
                aged_top_.pop_back();
        }
        if (keep_aged_flows_)
            aged_flows_.push_back(std::move(rec));
        e.extra.ageing_group = AgeingGroups::kNoGroup;
        table_.erase(h);
    };
    ageing_.age_out(
        cutoff_ns, [&](Table::Handle h) { return group_of(h); },
        [&](Table::Handle h) { return table_.at(h).extra.last_seen_ns; }, expire);
}

void FlowTable::end_interval()
{
    ageing_.close_interval([&](Table::Handle h) { return group_of(h); });
    table_.end_interval();
    processes_.end_interval();
}

FlowRecord FlowTable::record_of(const Table::Entry &e) const
{
    FlowRecord r;
    r.iface = iface_names_.at(e.key.iface);
    r.key = e.key.flow;
    r.total = e.total;
    r.first_seen_ns = e.extra.first_seen_ns;
    r.last_seen_ns = e.extra.last_seen_ns;
    r.ip_bytes = e.extra.ip_bytes;
    r.syn_packets = e.extra.syn_packets;
    r.tcp_flags = e.extra.tcp_flags;
    r.rates = table_.rates(e);
    r.process = e.extra.owner.process;
    return r;
}

std::vector<FlowRecord> FlowTable::top_recent(size_t n, size_t window) const
{
    std::vector<FlowRecord> out;
    for (auto h : table_.top_recent(n, window))
        out.push_back(record_of(table_.at(h)));
    return out;
}

std::vector<FlowRecord> FlowTable::top_total(size_t n) const
{
    std::vector<FlowRecord> out = aged_top_;
    for (auto h : table_.top_total(n))
        out.push_back(record_of(table_.at(h)));
    std::stable_sort(out.begin(), out.end(), [](const FlowRecord &a, const FlowRecord &b) {
        return a.total.bytes > b.total.bytes;
    });
    if (out.size() > n)
        out.resize(n);
    return out;
}

std::vector<FlowRecord> FlowTable::all_flows() const
{
    std::vector<FlowRecord> out = aged_flows_;
    table_.for_each([&](const Table::Entry &e) { out.push_back(record_of(e)); });
    return out;
}

} // namespace netmon
