// Turns the kernel's per-interval harvests into snapshots: cumulative
// counts per interface, rates, the flow table with ageing, top talkers.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/table_bounds.h"
#include "harvest/harvest.h"
#include "netaddr/local_nets.h"
#include "snapshot/snapshot.h"
#include "stats/flow_table.h"

namespace netmon {

struct AggregatorOptions {
    std::vector<std::string> interfaces;
    std::vector<uint32_t> ifindexes; // by interface, when attached (IPFIX reports them)
    std::string source = "attach";   // or "replay"
    std::string filter;
    std::string direction = "ingress"; // hooks attached: ingress, egress or both
    LocalNets local_nets;              // empty: every flow is "other"
    double interval_s = 1.0;
    size_t top_n = 10;
    double flow_timeout_s = 60;
    // Hosts each host table (sources, destinations) holds at most; hosts
    // idle for the longest window leave them anyway (docs/memory.md).
    size_t max_hosts = kDefaultMaxHosts;
    // Flows the flow table holds at most; flows idle past flow_timeout_s
    // leave it anyway (docs/memory.md).
    size_t max_active_flows = kDefaultMaxActiveFlows;
    bool all_flows = false;
    // Attach every flow's interval change to the snapshot (FlowDetail).
    bool flow_detail = false;
    // Interval reports: each top list holds the top_n by every window
    // (40 s, 10 s, 2 s) and by total, merged in that order without
    // duplicates, so a view can re-sort by any of them and be right (the
    // dashboard). Off: the top_n by the 40 s window only.
    bool rank_every_window = false;
};

// Where an interval ends, on the BPF clock and on the wall clock.
struct IntervalEnd {
    uint64_t bpf_now_ns = 0;    // the clock the program stamps flows with
    int64_t bpf_to_wall_ns = 0; // add to a BPF time to get Unix epoch ns
    double interval_s = 0;      // measured length of this interval
    double elapsed_s = 0;       // since start
};

class Aggregator {
  public:
    explicit Aggregator(AggregatorOptions opts);

    // Adds one interface's harvest.
    void add(size_t iface, const Harvest &harvest);
    void mark_gone(size_t iface, const std::string &text);
    // The XDP mode an interface's program runs in ("native", "generic").
    void set_xdp_mode(size_t iface, std::string mode);
    // The interface's kernel flow tables, once loaded: `tables` of
    // `table_capacity` flows each (see FlowTableFill).
    void set_flow_tables(size_t iface, uint32_t tables, uint64_t table_capacity);
    void notice(std::string text) { notices_.push_back(std::move(text)); }
    // Process attribution (docs/process.md): the join each flow is made
    // against (must outlive the aggregator), and the kernel socket table's
    // figures for the next snapshot.
    void set_owner_lookup(const OwnerLookup *owners) { flows_.set_owner_lookup(owners); }
    void set_socket_figures(uint64_t sockets, uint64_t capacity, uint64_t refused);

    // Closes the interval: ages flows, slides windows, and returns what
    // was measured. A Final snapshot ranks top talkers by their totals over
    // the run (and lists every flow with --all-flows); an Interval one by
    // their bytes within the last 40 s.
    Snapshot close_interval(const IntervalEnd &end, Snapshot::Kind kind);

    // Conservation: the classes sum to the total, and active + aged-out
    // flows + overflow + refused hold exactly the total. Checked by tests.
    const FlowTable &flows() const { return flows_; }

  private:
    struct NoExtra {};
    using HostTable = TalkerTable<HostKey, KeyHash, NoExtra>;
    using PortTable = TalkerTable<PortKey, KeyHash, NoExtra>;
    // What a top list is ranked by: a window's bytes (0: 2 s, 1: 10 s,
    // 2: 40 s) or the total bytes.
    static constexpr size_t kByTotal = 3;

    struct InterfaceState {
        TrafficSection section;
        Count interval;
        std::array<Count, NETMON_NUM_HOOKS> hook_interval;
    };

    // Harvests of at least this many flows fold on two threads, and a flow
    // table this big closes on two (below it, starting a thread costs more
    // than it saves).
    static constexpr size_t kParallelFoldMin = 16384;
    // Folds each flow's delta into its source's or destination's entry.
    template <class HostOf>
    static void add_hosts(HostTable &table, std::span<const FlowDelta> flows, HostOf host_of);
    // `iface_directions`: the interface's share of the directions.
    void add_ports_and_directions(std::span<const FlowDelta> flows,
                                  DirectionSections &iface_directions);

    std::vector<HostEntry> hosts(const HostTable &table, size_t rank) const;
    std::vector<PortEntry> ports(size_t rank) const;
    std::vector<ProcessEntry> processes(size_t rank) const;
    // Local or remote hosts, by traffic sent plus received: joined from the
    // source and destination tables when a report is made, so folding a
    // flow costs no extra table updates.
    struct SplitHosts {
        std::vector<HostEntry> local;
        std::vector<HostEntry> remote;
    };
    SplitHosts split_hosts(size_t rank) const;
    // The ranks a report's top lists follow, the first one leading.
    std::vector<size_t> ranks(bool final) const;
    HostFigures host_figures();
    // A notice when a host table starts refusing hosts.
    void notice_when_full(const HostTable &table, const char *name, uint64_t &refused_before);
    // The flow table's figures, and a notice when it starts refusing flows.
    FlowFigures flow_figures(const Count &overflow);
    void fill_section(TrafficSection &s, const Count &interval,
                      const std::array<Count, NETMON_NUM_HOOKS> &hook_interval,
                      const IntervalEnd &end) const;
    static void close_directions(DirectionSections &directions, const IntervalEnd &end);
    void to_wall_time(std::vector<FlowRecord> &records, int64_t offset) const;

    AggregatorOptions opts_;
    std::vector<InterfaceState> ifaces_;
    FlowTable flows_;
    HostTable sources_;
    HostTable destinations_;
    PortTable ports_; // destination ports of protocols with ports
    DirectionSections directions_;
    std::vector<std::string> notices_;
    std::shared_ptr<FlowDetail> detail_;  // this interval's, with opts_.flow_detail
    uint64_t sources_refused_before_ = 0; // packets, at the last interval's end
    uint64_t destinations_refused_before_ = 0;
    uint64_t flows_refused_before_ = 0;
    uint64_t intervals_closed_ = 0;
    ProcessFigures process_figures_; // the kernel's part, from set_socket_figures
};

} // namespace netmon
