#include "stats/flow_table.h"

#include <algorithm>

#include "stats/prefetch_pipeline.h"
#include "stats/radix_sort.h"

namespace netmon {

FlowTable::FlowTable(std::vector<std::string> iface_names, WindowSpec spec, size_t top_n,
                     bool keep_aged_flows)
    : iface_names_(std::move(iface_names)), table_(spec), top_n_(top_n),
      keep_aged_flows_(keep_aged_flows)
{
}

void FlowTable::fold(uint32_t iface, std::span<const FlowDelta> deltas, FlowDetail::Update *detail)
{
    // Sorts small (last-seen, hash, position) records rather than the
    // deltas themselves, stably, so flows with equal last-seen times keep
    // the order they were drained in; hashing in this sequential pass
    // spares the fold a pass of its own.
    order_.clear();
    order_.reserve(deltas.size());
    for (uint32_t i = 0; i < deltas.size(); i++)
        order_.push_back(
            {deltas[i].stats.last_seen_ns, Table::hash_of(FlowTableKey{iface, deltas[i].key}), i});
    radix_sort_by(order_, order_scratch_, [](const Pending &p) { return p.last_seen_ns; });
    prefetch_pipeline(
        order_.size(), [&](size_t i) { table_.prefetch_bucket(order_[i].hash); },
        [&](size_t i) {
            table_.prefetch_entry(order_[i].hash);
            __builtin_prefetch(&deltas[order_[i].position]);
        },
        [&](size_t i) {
            const uint32_t pos = order_[i].position;
            if (fold_one(iface, deltas[pos], order_[i].hash) && detail)
                detail[pos].started = true;
        });
}

bool FlowTable::fold_one(uint32_t iface, const FlowDelta &d, uint64_t hash)
{
    Count delta{d.stats.packets, d.stats.bytes};
    size_t size_before = table_.size();
    auto h = table_.add(FlowTableKey{iface, d.key}, hash, delta);
    bool is_new = table_.size() > size_before;
    auto &x = table_.at(h).extra;
    if (is_new) {
        x.first_seen_ns = d.stats.first_seen_ns;
    } else {
        x.first_seen_ns = std::min<uint64_t>(x.first_seen_ns, d.stats.first_seen_ns);
        unlink(h);
    }
    x.last_seen_ns = std::max<uint64_t>(x.last_seen_ns, d.stats.last_seen_ns);
    x.ip_bytes += d.stats.ip_bytes;
    x.syn_packets += d.stats.syn_packets;
    x.tcp_flags |= d.stats.tcp_flags;
    link_newest(h);
    active_counts_ += delta;
    return is_new;
}

void FlowTable::age_out(uint64_t cutoff_ns, std::vector<FlowDetail::End> *ended)
{
    while (oldest_ != FlowExtra::kNone) {
        auto h = oldest_;
        const auto &e = table_.at(h);
        if (e.extra.last_seen_ns >= cutoff_ns)
            break;
        FlowRecord rec = record_of(e);
        if (ended)
            ended->push_back({e.key.iface, e.key.flow, e.extra.last_seen_ns});
        aged_out_++;
        aged_out_counts_ += e.total;
        active_counts_ = active_counts_ - e.total;
        // Keep the best top_n_ aged-out flows for the final top list.
        auto by_bytes = [](const FlowRecord &a, const FlowRecord &b) {
            return a.total.bytes > b.total.bytes;
        };
        if (aged_top_.size() < top_n_ ||
            (top_n_ && rec.total.bytes > aged_top_.back().total.bytes)) {
            aged_top_.insert(std::upper_bound(aged_top_.begin(), aged_top_.end(), rec, by_bytes),
                             rec);
            if (aged_top_.size() > top_n_)
                aged_top_.pop_back();
        }
        if (keep_aged_flows_)
            aged_flows_.push_back(std::move(rec));
        unlink(h);
        table_.erase(h);
    }
}

void FlowTable::link_newest(Table::Handle h)
{
    auto &x = table_.at(h).extra;
    x.older = newest_;
    x.newer = FlowExtra::kNone;
    if (newest_ != FlowExtra::kNone)
        table_.at(newest_).extra.newer = h;
    newest_ = h;
    if (oldest_ == FlowExtra::kNone)
        oldest_ = h;
}

void FlowTable::unlink(Table::Handle h)
{
    auto &x = table_.at(h).extra;
    if (x.older != FlowExtra::kNone)
        table_.at(x.older).extra.newer = x.newer;
    else
        oldest_ = x.newer;
    if (x.newer != FlowExtra::kNone)
        table_.at(x.newer).extra.older = x.older;
    else
        newest_ = x.older;
    x.older = x.newer = FlowExtra::kNone;
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
