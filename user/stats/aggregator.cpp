#include "stats/aggregator.h"

#include <algorithm>
#include <cstring>

#include "core/run_in_parallel.h"

namespace netmon {

namespace {

// Protocols whose flow key carries ports: TCP, UDP, DCCP, SCTP, UDP-Lite.
bool has_ports(uint8_t proto)
{
    return proto == 6 || proto == 17 || proto == 33 || proto == 132 || proto == 136;
}

PortKey port_of(const netmon_flow_key &k)
{
    PortKey p;
    p.proto = k.proto;
    p.port = k.dport;
    return p;
}

// Appends the entries of `more` that `into` does not hold yet.
template <class T, class Same>
void merge_ranked(std::vector<T> &into, std::vector<T> more, Same same)
{
    const size_t known = into.size();
    for (T &candidate : more) {
        auto end = into.begin() + static_cast<std::ptrdiff_t>(known);
        if (std::none_of(into.begin(), end, [&](const T &e) { return same(e, candidate); }))
            into.push_back(std::move(candidate));
    }
}

bool same_host(const HostEntry &a, const HostEntry &b)
{
    return a.kind == b.kind && a.addr == b.addr;
}
bool same_port(const PortEntry &a, const PortEntry &b)
{
    return a.proto == b.proto && a.port == b.port;
}
bool same_process(const ProcessEntry &a, const ProcessEntry &b)
{
    return a.process->id == b.process->id;
}
bool same_flow(const FlowRecord &a, const FlowRecord &b)
{
    return a.iface == b.iface && std::memcmp(&a.key, &b.key, sizeof(a.key)) == 0;
}

// A list ranked by each of `ranks`, merged.
template <class T, class RankBy, class Same>
std::vector<T> ranked_union(const std::vector<size_t> &ranks, RankBy rank_by, Same same)
{
    std::vector<T> out = rank_by(ranks.front());
    for (size_t i = 1; i < ranks.size(); i++)
        merge_ranked(out, rank_by(ranks[i]), same);
    return out;
}

// Hosts are forgotten once idle for the longest window, and capped: else
// every address ever seen (spoofed sources) would stay. Ports stay: there
// are at most 5 × 65536 of them.
TalkerBounds host_bounds(size_t max_hosts)
{
    return {.forget_idle = true, .max_entries = max_hosts};
}

template <class Table> HostTableFigures figures_of(const Table &t)
{
    return {t.size(), t.forgotten(), t.held_counts(), t.forgotten_counts(), t.refused_counts()};
}

// Whether a table went from refusing nothing to refusing traffic since the
// last interval (worth a notice, once); remembers `refused` for the next.
bool started_refusing(uint64_t refused, uint64_t &refused_before)
{
    const bool started = refused > 0 && refused_before == 0;
    refused_before = refused;
    return started;
}

} // namespace

Aggregator::Aggregator(AggregatorOptions opts)
    : opts_(std::move(opts)), flows_(opts_.interfaces, WindowSpec::for_interval(opts_.interval_s),
                                     opts_.top_n, opts_.all_flows, opts_.max_active_flows),
      sources_(WindowSpec::for_interval(opts_.interval_s), host_bounds(opts_.max_hosts)),
      destinations_(WindowSpec::for_interval(opts_.interval_s), host_bounds(opts_.max_hosts)),
      ports_(WindowSpec::for_interval(opts_.interval_s))
{
    for (size_t i = 0; i < opts_.interfaces.size(); i++) {
        InterfaceState st;
        st.section.name = opts_.interfaces[i];
        if (i < opts_.ifindexes.size())
            st.section.ifindex = opts_.ifindexes[i];
        ifaces_.push_back(st);
    }
}

void Aggregator::add(size_t iface, const Harvest &harvest)
{
    InterfaceState &st = ifaces_.at(iface);
    TrafficSection &s = st.section;
    for (size_t hook = 0; hook < NETMON_NUM_HOOKS; hook++) {
        const CounterArray &counters = harvest.counters[hook];
        HookSection &h = s.hooks[hook];
        Count counted;
        for (size_t c = 0; c < kNumClasses; c++) {
            h.classes[c] += counters[c];
            s.classes[c] += counters[c];
            counted += counters[c];
        }
        h.total += counted;
        s.total += counted;
        st.hook_interval[hook] += counted;
        st.interval += counted;
        s.overflow += counters[NETMON_CTR_FLOW_OVERFLOW];
        s.filtered_out += counters[NETMON_CTR_FILTERED_OUT];
    }
    // Replay may harvest several times in an interval: keep the fullest.
    FlowTableFill &fill = s.flow_table;
    if (harvest.flows.size() > fill.entries)
        fill.entries = harvest.flows.size();
    fill.fullest_table = std::max(fill.fullest_table, harvest.fullest_table);

    // The flow table, the source and the destination tables are
    // independent, and folding a big harvest into any of them is bound by
    // cache misses: past a size they fold on two threads, each taking the
    // next table when it is free.
    const std::span<const FlowDelta> flows = harvest.flows;
    const auto iface_id = static_cast<uint32_t>(iface);
    FlowDetail::Update *detail = nullptr;
    if (opts_.flow_detail) {
        if (!detail_)
            detail_ = std::make_shared<FlowDetail>();
        auto &updates = detail_->updates;
        const size_t first = updates.size();
        // Room for the whole harvest at once, not a doubling per flow (a
        // flood's interval holds one update per new flow), and still
        // geometric: replay adds several harvests to one interval.
        if (first + flows.size() > updates.capacity())
            updates.reserve(std::max(first + flows.size(), 2 * updates.capacity()));
        for (const FlowDelta &d : flows)
            updates.push_back({iface_id, d.key, d.stats});
        detail = updates.data() + first;
    }
    auto fold_flows = [&] { flows_.fold(iface_id, flows, detail); };
    auto fold_sources = [&] {
        add_hosts(sources_, flows, [](const netmon_flow_key &k) { return source_of(k); });
    };
    auto fold_rest = [&] {
        add_hosts(destinations_, flows, [](const netmon_flow_key &k) { return destination_of(k); });
        add_ports_and_directions(flows, s.directions);
    };
    if (flows.size() < kParallelFoldMin) {
        fold_flows();
        fold_sources();
        fold_rest();
        return;
    }
    run_on_two_threads<3>({fold_flows, fold_sources, fold_rest});
}

template <class HostOf>
void Aggregator::add_hosts(HostTable &table, std::span<const FlowDelta> flows, HostOf host_of)
{
    table.fold_prefetched(
        flows.size(), [&](size_t i) { return host_of(flows[i].key); },
        [&](size_t i, uint64_t hash) {
            const FlowDelta &d = flows[i];
            table.add(host_of(d.key), hash, Count{d.stats.packets, d.stats.bytes});
        });
}

// Few distinct ports and four directions: these stay in cache, no prefetch.
void Aggregator::add_ports_and_directions(std::span<const FlowDelta> flows,
                                          DirectionSections &iface_directions)
{
    for (const FlowDelta &d : flows) {
        Count delta{d.stats.packets, d.stats.bytes};
        if (d.key.kind != NETMON_KIND_L2 && has_ports(d.key.proto))
            ports_.add(port_of(d.key), delta);
        // Each flow's delta goes to one direction.
        Direction dir = opts_.local_nets.classify(d.key);
        directions_[static_cast<size_t>(dir)].interval += delta;
        iface_directions[static_cast<size_t>(dir)].interval += delta;
    }
}

void Aggregator::set_xdp_mode(size_t iface, std::string mode)
{
    ifaces_.at(iface).section.xdp_mode = std::move(mode);
}

void Aggregator::mark_gone(size_t iface, const std::string &text)
{
    ifaces_.at(iface).section.gone = true;
    notices_.push_back(text);
}

void Aggregator::close_directions(DirectionSections &directions, const IntervalEnd &end)
{
    for (DirectionFigures &d : directions) {
        d.total += d.interval;
        d.interval_rate = rate_of(d.interval, end.interval_s);
    }
}

void Aggregator::set_flow_tables(size_t iface, uint32_t tables, uint64_t table_capacity)
{
    FlowTableFill &fill = ifaces_.at(iface).section.flow_table;
    fill.tables = tables;
    fill.table_capacity = table_capacity;
}

void Aggregator::fill_section(TrafficSection &s, const Count &interval,
                              const std::array<Count, NETMON_NUM_HOOKS> &hook_interval,
                              const IntervalEnd &end) const
{
    s.interval = interval;
    s.interval_rate = rate_of(interval, end.interval_s);
    s.average_rate = rate_of(s.total, end.elapsed_s);
    for (size_t hook = 0; hook < NETMON_NUM_HOOKS; hook++) {
        HookSection &h = s.hooks[hook];
        h.interval = hook_interval[hook];
        h.interval_rate = rate_of(h.interval, end.interval_s);
        h.average_rate = rate_of(h.total, end.elapsed_s);
    }
}

std::vector<PortEntry> Aggregator::ports(size_t rank) const
{
    std::vector<PortEntry> out;
    auto handles =
        rank == kByTotal ? ports_.top_total(opts_.top_n) : ports_.top_recent(opts_.top_n, rank);
    for (auto h : handles) {
        const auto &e = ports_.at(h);
        out.push_back({e.key.proto, e.key.port, e.total, ports_.rates(e)});
    }
    return out;
}

std::vector<ProcessEntry> Aggregator::processes(size_t rank) const
{
    const ProcessTable &t = flows_.processes();
    return rank == kByTotal ? t.top_total(opts_.top_n) : t.top_recent(opts_.top_n, rank);
}

void Aggregator::set_socket_figures(uint64_t sockets, uint64_t capacity, uint64_t refused)
{
    process_figures_.sockets = sockets;
    process_figures_.socket_capacity = capacity;
    process_figures_.sockets_refused = refused;
}

std::vector<HostEntry> Aggregator::hosts(const HostTable &table, size_t rank) const
{
    std::vector<HostEntry> out;
    auto handles =
        rank == kByTotal ? table.top_total(opts_.top_n) : table.top_recent(opts_.top_n, rank);
    for (auto h : handles) {
        const auto &e = table.at(h);
        out.push_back({e.key.kind, e.key.addr, e.total, table.rates(e), {}, {}});
    }
    return out;
}

Aggregator::SplitHosts Aggregator::split_hosts(size_t rank) const
{
    const bool by_total = rank == kByTotal;
    // A host's sent traffic is its entry in sources_, its received traffic
    // its entry in destinations_ (same key). Interval reports rank the hosts
    // active within the longest window by their bytes there, final reports
    // every host by its totals. One lookup per host, no temporary table.
    using Entry = HostTable::Entry;
    struct Candidate {
        const Entry *sent;
        const Entry *received;
    };
    auto bytes_of = [by_total, rank](const Entry *e) -> uint64_t {
        return e ? (by_total ? e->total.bytes : e->window_bytes[rank]) : 0;
    };
    auto score = [&](const Candidate &c) { return bytes_of(c.sent) + bytes_of(c.received); };
    TopN<Candidate, decltype(score)> local(opts_.top_n, score), remote(opts_.top_n, score);
    auto offer = [&](const Entry &e, Candidate c) {
        if (e.key.kind == NETMON_KIND_L2)
            return; // MAC addresses are neither local nor remote hosts
        bool is_local = opts_.local_nets.contains(e.key.kind, e.key.addr.data());
        (is_local ? local : remote).offer(c);
    };
    auto considered = [by_total](const Entry *e) {
        return e && (by_total || HostTable::is_recent(*e));
    };
    // Both tables hash the same keys alike: an entry's stored hash spares
    // hashing its key again for the lookup in the other table.
    auto visit_source = [&](const Entry &e) { offer(e, {&e, destinations_.find(e.key, e.hash)}); };
    auto visit_destination = [&](const Entry &e) {
        if (!considered(sources_.find(e.key, e.hash))) // else offered with its source entry
            offer(e, {nullptr, &e});
    };
    if (by_total) {
        sources_.for_each(visit_source);
        destinations_.for_each(visit_destination);
    } else {
        sources_.for_each_recent(visit_source);
        destinations_.for_each_recent(visit_destination);
    }

    auto to_entries = [&](const std::vector<Candidate> &ranked) {
        std::vector<HostEntry> out;
        for (const Candidate &c : ranked) {
            const Entry &any = c.sent ? *c.sent : *c.received;
            HostEntry h{any.key.kind, any.key.addr, {}, {}, {}, {}};
            for (const Entry *e : {c.sent, c.received}) {
                if (!e)
                    continue;
                WindowRates r = (e == c.sent ? sources_ : destinations_).rates(*e);
                (e == c.sent ? h.sent : h.received) = e->total;
                h.rates = {h.rates.last_2s + r.last_2s, h.rates.last_10s + r.last_10s,
                           h.rates.last_40s + r.last_40s};
            }
            h.total = h.sent + h.received;
            out.push_back(h);
        }
        return out;
    };
    return {to_entries(local.result()), to_entries(remote.result())};
}

std::vector<size_t> Aggregator::ranks(bool final) const
{
    // Final reports rank by totals; interval reports by the 40 s window,
    // which an iftop user reads as "who is busy lately".
    if (final)
        return {kByTotal};
    if (opts_.rank_every_window)
        return {2, 1, 0, kByTotal};
    return {2};
}

HostFigures Aggregator::host_figures()
{
    notice_when_full(sources_, "source", sources_refused_before_);
    notice_when_full(destinations_, "destination", destinations_refused_before_);
    return {opts_.max_hosts, figures_of(sources_), figures_of(destinations_)};
}

void Aggregator::notice_when_full(const HostTable &table, const char *name,
                                  uint64_t &refused_before)
{
    if (started_refusing(table.refused_counts().packets, refused_before))
        notices_.push_back(std::string(name) + " host table full (" +
                           std::to_string(opts_.max_hosts) +
                           " hosts): traffic of new hosts is counted as host overflow, not per "
                           "host; raise --max-hosts");
}

FlowFigures Aggregator::flow_figures(const Count &overflow)
{
    const Count &refused = flows_.refused_counts();
    if (started_refusing(refused.packets, flows_refused_before_))
        notices_.push_back("flow table full (" + std::to_string(flows_.max_active()) +
                           " flows): traffic of new flows is counted as refused, not per flow; "
                           "raise --max-active-flows or lower --flow-timeout");
    return {.active = flows_.active(),
            .aged_out = flows_.aged_out(),
            .active_counts = flows_.active_counts(),
            .aged_out_counts = flows_.aged_out_counts(),
            .overflow = overflow,
            .refused = refused,
            .max_active = flows_.max_active()};
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
    if (opts_.flow_detail && !detail_)
        detail_ = std::make_shared<FlowDetail>();
    if (end.bpf_now_ns > timeout_ns)
        flows_.age_out(end.bpf_now_ns - timeout_ns, detail_ ? &detail_->ended : nullptr);
    Snapshot snap;
    // The flow table and the host tables close independently: with many
    // flows, the flow table closes and ranks on a second thread.
    const std::vector<size_t> by = ranks(final);
    auto close_flows = [&] {
        flows_.end_interval();
        snap.top.flows = ranked_union<FlowRecord>(
            by,
            [&](size_t rank) {
                return rank == kByTotal ? flows_.top_total(opts_.top_n)
                                        : flows_.top_recent(opts_.top_n, rank);
            },
            same_flow);
        if (flows_.attributes_processes())
            snap.top.processes = ranked_union<ProcessEntry>(
                by, [&](size_t rank) { return processes(rank); }, same_process);
    };
    auto close_hosts = [&] {
        sources_.end_interval();
        destinations_.end_interval();
        ports_.end_interval();
        auto hosts_of = [&](const HostTable &table) {
            return ranked_union<HostEntry>(
                by, [&](size_t rank) { return hosts(table, rank); }, same_host);
        };
        snap.top.sources = hosts_of(sources_);
        snap.top.destinations = hosts_of(destinations_);
        for (size_t rank : by) { // one join per rank gives both lists
            SplitHosts split = split_hosts(rank);
            merge_ranked(snap.top.local_hosts, std::move(split.local), same_host);
            merge_ranked(snap.top.remote_hosts, std::move(split.remote), same_host);
        }
        snap.top.ports = ranked_union<PortEntry>(
            by, [&](size_t rank) { return ports(rank); }, same_port);
    };
    if (flows_.active() < kParallelFoldMin) {
        close_flows();
        close_hosts();
    } else {
        run_in_parallel(close_flows, close_hosts);
    }

    snap.kind = kind;
    snap.sequence = ++intervals_closed_;
    snap.source = opts_.source;
    snap.filter = opts_.filter;
    snap.direction = opts_.direction;
    snap.local_nets = opts_.local_nets.names();
    snap.wall_time_ns = end.bpf_now_ns + end.bpf_to_wall_ns;
    snap.elapsed_s = end.elapsed_s;
    snap.interval_s = end.interval_s;

    snap.total.name = "total";
    Count total_interval;
    std::array<Count, NETMON_NUM_HOOKS> total_hook_interval{};
    FlowTableFill &total_fill = snap.total.flow_table;
    for (auto &st : ifaces_) {
        fill_section(st.section, st.interval, st.hook_interval, end);
        close_directions(st.section.directions, end);
        snap.interfaces.push_back(st.section);
        for (DirectionFigures &d : st.section.directions)
            d.interval = {};
        FlowTableFill &fill = st.section.flow_table;
        total_fill.tables += fill.tables;
        total_fill.table_capacity = std::max(total_fill.table_capacity, fill.table_capacity);
        total_fill.entries += fill.entries;
        total_fill.fullest_table = std::max(total_fill.fullest_table, fill.fullest_table);
        fill.entries = 0;
        fill.fullest_table = 0;
        total_interval += st.interval;
        TrafficSection &t = snap.total;
        t.total += st.section.total;
        t.overflow += st.section.overflow;
        t.filtered_out += st.section.filtered_out;
        for (size_t c = 0; c < kNumClasses; c++)
            t.classes[c] += st.section.classes[c];
        for (size_t hook = 0; hook < NETMON_NUM_HOOKS; hook++) {
            t.hooks[hook].total += st.section.hooks[hook].total;
            for (size_t c = 0; c < kNumClasses; c++)
                t.hooks[hook].classes[c] += st.section.hooks[hook].classes[c];
            total_hook_interval[hook] += st.hook_interval[hook];
        }
        st.interval = {};
        st.hook_interval = {};
    }
    fill_section(snap.total, total_interval, total_hook_interval, end);

    close_directions(directions_, end);
    snap.directions = directions_;
    snap.total.directions = directions_;
    for (DirectionFigures &d : directions_)
        d.interval = {};

    snap.flows = flow_figures(snap.total.overflow);
    snap.hosts = host_figures();
    if (flows_.attributes_processes()) {
        ProcessFigures p = process_figures_;
        p.processes = flows_.processes().size();
        p.processes_refused = flows_.processes().refused_counts();
        snap.processes = p;
    }
    to_wall_time(snap.top.flows, end.bpf_to_wall_ns);
    if (final && opts_.all_flows) {
        snap.flow_list = flows_.all_flows();
        to_wall_time(*snap.flow_list, end.bpf_to_wall_ns);
    }
    snap.notices = std::move(notices_);
    notices_.clear();
    if (detail_) {
        for (auto &u : detail_->updates) {
            u.delta.first_seen_ns += end.bpf_to_wall_ns;
            u.delta.last_seen_ns += end.bpf_to_wall_ns;
        }
        for (auto &e : detail_->ended)
            e.last_seen_ns += end.bpf_to_wall_ns;
        snap.flow_detail = std::move(detail_);
        detail_.reset();
    }
    return snap;
}

} // namespace netmon
