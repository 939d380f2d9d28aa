#include "sinks/snapshot_merge.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <unordered_map>

#include "snapshot/flow_stats.h"

namespace netmon {

namespace {

// `interval` of the later snapshot plus the earlier's, its rate over both.
void add_interval(Count &interval, Rate &rate, const Count &earlier, double seconds)
{
    interval += earlier;
    rate = rate_of(interval, seconds);
}

void merge_directions(DirectionSections &into, const DirectionSections &earlier, double seconds)
{
    for (size_t d = 0; d < kNumDirections; d++)
        add_interval(into[d].interval, into[d].interval_rate, earlier[d].interval, seconds);
}

void merge_section(TrafficSection &into, const TrafficSection &earlier, double seconds)
{
    add_interval(into.interval, into.interval_rate, earlier.interval, seconds);
    for (size_t hook = 0; hook < NETMON_NUM_HOOKS; hook++)
        add_interval(into.hooks[hook].interval, into.hooks[hook].interval_rate,
                     earlier.hooks[hook].interval, seconds);
    merge_directions(into.directions, earlier.directions, seconds);
    // "At this interval's fullest harvest": the fullest of the merged ones.
    if (earlier.flow_table.fullest_table > into.flow_table.fullest_table) {
        into.flow_table.fullest_table = earlier.flow_table.fullest_table;
        into.flow_table.entries = std::max(into.flow_table.entries, earlier.flow_table.entries);
    }
    into.gone = into.gone || earlier.gone;
}

// A flow's identity in FlowDetail: its interface and key, as raw bytes
// (the key's padding is zeroed where it is made).
std::string flow_id(uint32_t iface, const netmon_flow_key &key)
{
    std::string id(sizeof iface + sizeof key, '\0');
    std::memcpy(id.data(), &iface, sizeof iface);
    std::memcpy(id.data() + sizeof iface, &key, sizeof key);
    return id;
}

void add_update(FlowDetail::Update &into, const FlowDetail::Update &u)
{
    add_flow_stats(into.delta, u.delta);
    into.started = into.started || u.started;
    into.held = into.held || u.held; // held in either: in the table, it ages out
    if (!into.process)               // joined in the later interval only
        into.process = u.process;
}

// Both intervals' changes, one update per flow (so a queue merging for
// hours holds at most one record per flow, not one per interval), and
// every flow that aged out in either, once.
std::shared_ptr<const FlowDetail> merge_detail(const FlowDetail *earlier, const FlowDetail *later)
{
    auto out = std::make_shared<FlowDetail>();
    std::unordered_map<std::string, size_t> at; // flow id -> index in out->updates
    std::unordered_map<std::string, size_t> ended_at;
    for (const FlowDetail *d : {earlier, later}) {
        if (!d)
            continue;
        for (const FlowDetail::Update &u : d->updates) {
            auto [it, fresh] = at.try_emplace(flow_id(u.iface, u.key), out->updates.size());
            if (fresh)
                out->updates.push_back(u);
            else
                add_update(out->updates[it->second], u);
        }
        for (const FlowDetail::End &e : d->ended) {
            auto [it, fresh] = ended_at.try_emplace(flow_id(e.iface, e.key), out->ended.size());
            if (fresh)
                out->ended.push_back(e);
            else
                out->ended[it->second].last_seen_ns =
                    std::max(out->ended[it->second].last_seen_ns, e.last_seen_ns);
        }
    }
    return out;
}

} // namespace

Snapshot merge_snapshots(const Snapshot &earlier, const Snapshot &later, bool keep_flow_detail)
{
    Snapshot out = later;
    const double seconds = earlier.interval_s + later.interval_s;
    out.interval_s = seconds;
    out.merged_intervals = earlier.merged_intervals + later.merged_intervals;
    merge_section(out.total, earlier.total, seconds);
    // The interfaces are the run's, in the same order in every snapshot.
    for (size_t i = 0; i < std::min(out.interfaces.size(), earlier.interfaces.size()); i++)
        merge_section(out.interfaces[i], earlier.interfaces[i], seconds);
    merge_directions(out.directions, earlier.directions, seconds);
    out.notices = earlier.notices;
    out.notices.insert(out.notices.end(), later.notices.begin(), later.notices.end());
    if (earlier.poll_duration_s)
        out.poll_duration_s =
            std::max(earlier.poll_duration_s.value(), later.poll_duration_s.value_or(0));
    out.alert_events_lost = earlier.alert_events_lost + later.alert_events_lost;
    if (!keep_flow_detail)
        out.flow_detail.reset();
    else if (earlier.flow_detail || later.flow_detail)
        out.flow_detail = merge_detail(earlier.flow_detail.get(), later.flow_detail.get());
    return out;
}

} // namespace netmon
