// One rule's figures for one interval, from every flow's interval change
// (Snapshot::flow_detail): per key for "per" rules, or one total. Exact:
// every update is read, nothing is sampled.
#pragma once

#include <cstdint>
#include <unordered_map>

#include <vector>

#include "alerts/flow_classes.h"
#include "alerts/rule.h"
#include "alerts/selector_match.h"
#include "snapshot/snapshot.h"

namespace netmon::alerts {

struct AlertKeyHash {
    size_t operator()(const AlertKey &k) const noexcept;
};

// What a rule picked of one key (or of everything) in the interval.
struct Tally {
    uint64_t packets = 0;
    uint64_t bytes = 0;     // frame bytes
    uint64_t new_flows = 0; // flows that appeared in the flow table, or that it refused
    uint64_t sources = 0;   // distinct source addresses
    uint64_t updates = 0;   // flow updates read
    // packets and bytes from the kernel's per-host counters (host_values.h)
    bool host_counters = false;
    // sources estimated by the kernel's sketch: its relative error; 0: exact
    double sources_error = 0;
};

struct IntervalTallies {
    Tally total; // everything the rule picked (all keys together)
    std::unordered_map<AlertKey, Tally, AlertKeyHash> by_key; // "per" rules
    uint64_t all_packets = 0; // every packet counted in the interval (share)
    double interval_s = 0;
};

// The key an update belongs to under `kind` (`prefix`: of a net key);
// false when it has none (a non-IP flow for a host or net key, a flow
// without ports for "dst port", a flow without process for "process").
bool key_of(AlertKey::Kind kind, uint8_t prefix, const FlowDetail::Update &update, AlertKey &out);

// Reads only the updates of the classes the rule can match (`index`, built
// once per interval); with no index, every update.
IntervalTallies tally(const Rule &rule, const Snapshot &snap, const MatchContext &ctx,
                      const FlowIndex *index = nullptr);

// Whether a rule reads the flows at all: one with neither selector nor key
// and only pps, bps and share counts from the counters.
bool reads_flows(const Rule &rule);

// The rule's metric from a tally: per second, a count, or a percentage.
double metric_value(Metric metric, const Tally &t, uint64_t all_packets, double interval_s);

// Every condition's value, in the rule's order: the one place a tally
// becomes the figures the conditions compare.
std::vector<double> condition_values(const Rule &rule, const Tally &t,
                                     const IntervalTallies &tallies);

} // namespace netmon::alerts
