// One snapshot of what netmon-xdp measured: the single source that both the
// text view and the JSON view render, so the two can never disagree.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harvest/count.h"
#include "netmon/flow.h"
#include "snapshot/alerts.h"
#include "snapshot/local_host_counts.h"

namespace netmon {

// Classes 0..NETMON_CTR_LAST_CLASS: IP protocol numbers, ARP, other L2,
// malformed IP. They partition the counted frames.
constexpr size_t kNumClasses = NETMON_CTR_LAST_CLASS + 1;
using ClassCounts = std::array<Count, kNumClasses>;

// What one hook counted: frames that arrived (ingress, XDP) or that the
// host sent (egress, TC). Its totals follow the interface's own rx or tx
// counters.
struct HookSection {
    Count total;         // since start
    Count interval;      // this interval
    Rate interval_rate;  // of `interval` over the interval's length
    Rate average_rate;   // of `total` since start
    ClassCounts classes; // since start; sum == total
};
using HookSections = std::array<HookSection, NETMON_NUM_HOOKS>; // by enum netmon_hook

// Where traffic went relative to the local networks (--local-net), by its
// source and destination address: like FastNetMon's networks list.
enum class Direction {
    Inbound,  // to a local address from outside
    Outbound, // from a local address to outside
    Internal, // local to local
    Other,    // neither end local (transit), or not IP
};
constexpr size_t kNumDirections = 4;

struct DirectionFigures {
    Count total;        // since start
    Count interval;     // this interval
    Rate interval_rate; // of `interval`
};
// Indexed by Direction. Computed from flows: frames that found the flow
// table full (overflow) are in no direction.
using DirectionSections = std::array<DirectionFigures, kNumDirections>;

// How full an interface's kernel flow tables got: one table per CPU, each
// holding --max-flows flows of one interval. A frame whose CPU's table is
// full counts as overflow, so the fullest table is the one that matters.
struct FlowTableFill {
    uint32_t tables = 0;         // one per CPU; 0 until the tables are known
    uint64_t table_capacity = 0; // flows one table holds (--max-flows)
    // At this interval's fullest harvest (live runs harvest once per
    // interval): flows in all tables (a flow counted on two CPUs is in two),
    // and in the fullest one.
    uint64_t entries = 0;
    uint64_t fullest_table = 0;

    uint64_t capacity() const { return uint64_t{tables} * table_capacity; }
    // 1 means a table was full: frames beyond it were overflow.
    double fill_ratio() const
    {
        return table_capacity == 0
                   ? 0.0
                   : static_cast<double>(fullest_table) / static_cast<double>(table_capacity);
    }
};

// Counts of one interface, or of all of them ("total"). The fields outside
// `hooks` cover every hook; the hooks partition them.
struct TrafficSection {
    std::string name;
    uint32_t ifindex = 0; // the kernel's interface index; 0 in replay and for "total"
    HookSections hooks;
    Count total;         // since start
    Count interval;      // this interval
    Rate interval_rate;  // of `interval` over the interval's length
    Rate average_rate;   // of `total` since start
    ClassCounts classes; // since start; sum == total
    Count overflow;      // counted frames that found the flow table full
    Count filtered_out;  // frames the filter excluded (not in total)
    bool gone = false;   // interface disappeared while attached
    // Last, so brace-initialised sections written before them still mean
    // the same. The interface's share of Snapshot::directions (the "total"
    // section holds the same as Snapshot::directions).
    DirectionSections directions;
    FlowTableFill flow_table; // "total": tables and entries summed, the fullest of all
    std::string xdp_mode;     // "native" or "generic" once XDP is attached; else ""
};

// Bits per second over iftop's three windows.
struct WindowRates {
    double last_2s = 0;
    double last_10s = 0;
    double last_40s = 0;
};

// A top source or destination: one address (IP, or MAC for non-IP).
struct HostEntry {
    uint8_t kind = NETMON_KIND_L2; // enum netmon_flow_kind
    std::array<uint8_t, 16> addr{};
    Count total;
    WindowRates rates;
    // Local and remote host lists only: total split by whether the host
    // was the source (sent) or the destination (received).
    Count sent;
    Count received;
};

// The process that owns a local socket (docs/process.md). Shared by every
// flow and list entry it owns; `id` tells processes apart within a run.
struct ProcessInfo {
    uint32_t id = 0;
    uint32_t pid = 0;       // thread-group id
    std::string comm;       // command name, at most 15 bytes (the kernel's)
    uint64_t cgroup_id = 0; // cgroup v2 id; 0 where v2 is not mounted
    std::string cgroup;     // its path, or the v1 name=systemd path
};

// A process in top.processes: the traffic of the flows it owns, by
// whether its socket sent it or received it.
struct ProcessEntry {
    std::shared_ptr<const ProcessInfo> process;
    Count sent;
    Count received;
    Count total;
    WindowRates rates;
};

struct FlowRecord {
    std::string iface;
    netmon_flow_key key{};
    Count total;
    uint64_t first_seen_ns = 0; // Unix epoch, ns
    uint64_t last_seen_ns = 0;  // Unix epoch, ns
    uint8_t tcp_flags = 0;
    WindowRates rates;
    // Totals since the flow appeared, like `total`: IP header plus payload
    // (total.bytes counts whole frames), and SYN-without-ACK segments. See
    // netmon_flow_value for the exact rules. Last, so brace-initialised
    // records written before them still mean the same.
    uint64_t ip_bytes = 0;
    uint64_t syn_packets = 0;
    // The process owning the flow's local socket; null: none found (a
    // forwarded or spoofed flow, a closed port, or attribution off).
    std::shared_ptr<const ProcessInfo> process;
};

struct FlowFigures {
    uint64_t active = 0;   // flows in the table now
    uint64_t aged_out = 0; // flows that left it after --flow-timeout
    Count active_counts;   // what the active flows hold
    Count aged_out_counts; // what the aged-out flows held
    Count overflow;        // frames no flow could hold
    // Traffic of new flows the full userspace table refused (in no flow),
    // and its bound (--max-active-flows). active + aged_out + overflow +
    // refused hold exactly the total.
    Count refused;
    uint64_t max_active = 0;
};

// One host table (sources or destinations). A host idle for the longest
// window (40 s) is forgotten, its counts kept in forgotten_counts; a full
// table (--max-hosts) refuses new hosts, their traffic in overflow. So
// active_counts + forgotten_counts + overflow == all flows' traffic.
struct HostTableFigures {
    uint64_t active = 0;    // hosts in the table now
    uint64_t forgotten = 0; // hosts that left it idle
    Count active_counts;    // what the hosts in the table hold
    Count forgotten_counts; // what the forgotten ones held
    Count overflow;         // traffic of hosts the full table refused
};

struct HostFigures {
    uint64_t capacity = 0; // hosts each table holds at most (--max-hosts)
    HostTableFigures sources;
    HostTableFigures destinations;
};

// A destination port of TCP, UDP, SCTP, DCCP or UDP-Lite traffic: what
// went to it from anywhere (all flows with that protocol and port).
struct PortEntry {
    uint8_t proto = 0; // IP protocol number
    uint16_t port = 0; // destination port
    Count total;
    WindowRates rates;
};

// Ranked by the aggregator (see AggregatorOptions::rank_every_window).
struct TopLists {
    std::vector<HostEntry> sources;
    std::vector<HostEntry> destinations;
    std::vector<FlowRecord> flows;
    std::vector<HostEntry> local_hosts;  // addresses in the local networks
    std::vector<HostEntry> remote_hosts; // IP addresses outside them
    std::vector<PortEntry> ports;        // destination ports
    std::vector<ProcessEntry> processes; // local processes, with attribution on
};

// Every flow's change in one interval: what sinks that need more than the
// top lists work from (the IPFIX exporter, alert rules). Made only when a
// sink asks for it (AggregatorOptions::flow_detail): it copies every harvested
// flow. Times are Unix epoch ns.
struct FlowDetail {
    struct Update {
        uint32_t iface = 0; // index into Snapshot::interfaces
        netmon_flow_key key{};
        // Counted by one CPU in this interval: a flow several CPUs counted
        // has one update per CPU, and consumers add them up.
        netmon_flow_stats delta{};
        // This update made the flow appear in the flow table: a new flow
        // (one update per new flow, even when several CPUs counted it).
        bool started = false;
        // The process owning the flow's local socket (null: none, or
        // attribution off): what `per process` and `process NAME` read.
        std::shared_ptr<const ProcessInfo> process;
        // False: the flow table was full (--max-active-flows) and refused
        // the flow, so it is in no top list and will never age out; its
        // traffic is in FlowFigures::refused. Each interval it sends in
        // brings such an update.
        bool held = true;
    };
    struct End {
        uint32_t iface = 0;
        netmon_flow_key key{};
        uint64_t last_seen_ns = 0;
    };
    std::vector<Update> updates;
    // Flows that aged out (idle past --flow-timeout) when this interval closed.
    std::vector<End> ended;
};

// Process attribution's own health (docs/process.md): its kernel socket
// table and the userspace process list, both bounded.
struct ProcessFigures {
    uint64_t sockets = 0;         // entries in the kernel's socket table now
    uint64_t socket_capacity = 0; // entries it holds at most
    uint64_t sockets_refused = 0; // sockets the full table could not record, since start
    uint64_t processes = 0;       // processes in the list
    Count processes_refused;      // traffic of processes the full list refused
};

struct Snapshot {
    enum class Kind { Interval, Final };
    Kind kind = Kind::Interval;
    std::string source;                  // "attach" or "replay"
    std::string filter;                  // empty: none
    std::string direction = "ingress";   // hooks counted: ingress, egress or both
    std::vector<std::string> local_nets; // CIDRs the directions are relative to
    uint64_t wall_time_ns = 0;           // Unix epoch ns of this snapshot
    double elapsed_s = 0;                // since start
    double interval_s = 0;               // length of this interval
    std::vector<TrafficSection> interfaces;
    TrafficSection total;
    FlowFigures flows;
    HostFigures hosts;
    DirectionSections directions;
    TopLists top;
    std::optional<std::vector<FlowRecord>> flow_list; // --all-flows, final
    std::vector<std::string> notices;                 // events of this interval, for humans
    std::shared_ptr<const FlowDetail> flow_detail;    // with AggregatorOptions::flow_detail
    // 1, 2, ...: the intervals closed in this run, the Final one included.
    // Identifies a snapshot to consumers that may miss some (SSE ids).
    uint64_t sequence = 0;
    // Live runs: how long this interval's harvest took (generation flip,
    // grace period, copy of the flow records, aggregation): the monitor's own health.
    std::optional<double> poll_duration_s;
    std::optional<AlertSection> alerts; // with --alert rules (docs/alerts.md)
    // Intervals this snapshot covers: more than 1 when an output fell
    // behind and its queue merged consecutive intervals into one
    // (sinks/snapshot_merge.h); interval_s then spans them all.
    uint64_t merged_intervals = 1;
    // Alert events the output receiving this snapshot lost since its
    // previous snapshot, its queue holding as many as it may (SinkHub).
    uint64_t alert_events_lost = 0;
    // Final snapshot with --on-alert: events the command did not run to
    // completion (beyond its queue's bound, or still pending at exit).
    std::optional<uint64_t> on_alert_undelivered;
    // With process attribution on (attach without --no-process).
    std::optional<ProcessFigures> processes;
    // attach: the kernel's per-host counters of the local networks; null
    // without local networks (and in replay).
    std::shared_ptr<const LocalHostSection> local_host_counts;
};

} // namespace netmon
