#include "stats/aggregator.h"

#include <algorithm>

namespace netmon {

Aggregator::Aggregator(AggregatorOptions opts)
    : opts_(std::move(opts)),
      flows_(opts_.interfaces, WindowSpec::for_interval(opts_.interval_s), opts_.top_n,
             opts_.all_flows),
      sources_(WindowSpec::for_interval(opts_.interval_s)),
      destinations_(WindowSpec::for_interval(opts_.interval_s))
{
    for (const auto &name : opts_.interfaces) {
        InterfaceState st;
        st.section.name = name;
        ifaces_.push_back(st);
    }
}

void Aggregator::add(size_t iface, Harvest &harvest)
{
    TrafficSection &s = ifaces_.at(iface).section;
    Count counted;
    for (size_t c = 0; c < kNumClasses; c++) {
        s.classes[c] += harvest.counters[c];
        counted += harvest.counters[c];
    }
    s.total += counted;
    ifaces_[iface].interval += counted;
    s.overflow += harvest.counters[NETMON_CTR_FLOW_OVERFLOW];
    s.filtered_out += harvest.counters[NETMON_CTR_FILTERED_OUT];

    for (const FlowDelta &d : harvest.flows) {
        Count delta{d.stats.packets, d.stats.bytes};
        sources_.add(source_of(d.key), delta);
        destinations_.add(destination_of(d.key), delta);
    }
    flows_.fold(static_cast<uint32_t>(iface), harvest.flows);
}

void Aggregator::mark_gone(size_t iface, const std::string &text)
{
    ifaces_.at(iface).section.gone = true;
    notices_.push_back(text);
}

void Aggregator::fill_section(TrafficSection &s, const Count &interval,
                              const IntervalEnd &end) const
{
    s.interval = interval;
    s.interval_rate = rate_of(interval, end.interval_s);
    s.average_rate = rate_of(s.total, end.elapsed_s);
}

std::vector<HostEntry> Aggregator::hosts(const HostTable &table, bool by_total) const
{
    std::vector<HostEntry> out;
    auto handles = by_total ? table.top_total(opts_.top_n) : table.top_recent(opts_.top_n);
    for (auto h : handles) {
        const auto &e = table.at(h);
        out.push_back({e.key.kind, e.key.addr, e.total, table.rates(e)});
    }
    return out;
}

void Aggregator::to_wall_time(std::vector<FlowRecord> &records, int64_t offset) const
{
    for (auto &r : records) {
        r.first_seen_ns += offset;
        r.last_seen_ns += offset;
    }
}

Snapshot Aggregator::close_interval(const IntervalEnd &end, Snapshot::Kind kind)
{
    const bool final = kind == Snapshot::Kind::Final;
    const uint64_t timeout_ns = static_cast<uint64_t>(opts_.flow_timeout_s * 1e9);
    if (end.bpf_now_ns > timeout_ns)
        flows_.age_out(end.bpf_now_ns - timeout_ns);
    flows_.end_interval();
    sources_.end_interval();
    destinations_.end_interval();

    Snapshot snap;
    snap.kind = kind;
    snap.source = opts_.source;
    snap.filter = opts_.filter;
    snap.wall_time_ns = end.bpf_now_ns + end.bpf_to_wall_ns;
    snap.elapsed_s = end.elapsed_s;
    snap.interval_s = end.interval_s;

    snap.total.name = "total";
    Count total_interval;
    for (auto &st : ifaces_) {
        fill_section(st.section, st.interval, end);
        snap.interfaces.push_back(st.section);
        total_interval += st.interval;
        TrafficSection &t = snap.total;
        t.total += st.section.total;
        t.overflow += st.section.overflow;
        t.filtered_out += st.section.filtered_out;
        for (size_t c = 0; c < kNumClasses; c++)
            t.classes[c] += st.section.classes[c];
        st.interval = {};
    }
    fill_section(snap.total, total_interval, end);

    snap.flows = {flows_.active(), flows_.aged_out(), flows_.active_counts(),
                  flows_.aged_out_counts(), snap.total.overflow};
    snap.top.sources = hosts(sources_, final);
    snap.top.destinations = hosts(destinations_, final);
    snap.top.flows = final ? flows_.top_total(opts_.top_n) : flows_.top_recent(opts_.top_n);
    to_wall_time(snap.top.flows, end.bpf_to_wall_ns);
    if (final && opts_.all_flows) {
        snap.flow_list = flows_.all_flows();
        to_wall_time(*snap.flow_list, end.bpf_to_wall_ns);
    }
    snap.notices = std::move(notices_);
    notices_.clear();
    return snap;
}

} // namespace netmon
