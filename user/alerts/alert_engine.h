// Evaluates the rules on each closed snapshot before it is published, in
// the live monitor and in replay alike (replay on the capture's clock, so
// its events are deterministic). Adds the active alerts to the snapshot and
// returns the events of the interval. Memory bound: see docs/alerts.md.
#pragma once

#include <memory>
#include <unordered_map>
#include <vector>

#include "alerts/alert_options.h"
#include "alerts/alert_state.h"
#include "alerts/baseline.h"
#include "alerts/flow_classes.h"
#include "alerts/interval_values.h"
#include "alerts/known_hosts.h"
#include "alerts/rule.h"
#include "netaddr/local_nets.h"
#include "snapshot/snapshot.h"

namespace netmon::alerts {

// Per-key state is kept only for keys whose value reached this fraction of
// a fixed threshold (or that hold an alert)...
constexpr double kKeepFraction = 0.1;
// ...and never for more than this many keys per rule.
constexpr size_t kMaxKeysPerRule = 10000;
// Per-key baselines: at most this many keys per rule, the busiest first.
constexpr size_t kMaxBaselineKeysPerRule = 1024;
// A --baseline file larger than this is refused unread: ~300 rules with
// every per-key baseline (docs/alerts.md).
constexpr size_t kMaxBaselineFileBytes = 64 << 20;

class AlertEngine {
  public:
    // Loads --known-hosts, and --baseline if it exists; throws
    // netmon::Error (exit 2) if either cannot be read.
    AlertEngine(std::vector<Rule> rules, const AlertOptions &opts);

    // Fills snap.alerts and returns the interval's events, in rule order.
    std::vector<AlertEventPtr> evaluate(Snapshot &snap);

    // Writes --baseline (if given); throws netmon::Error on failure.
    void save_baseline() const;

    // Keys whose state was not kept because a rule was at its bound.
    uint64_t untracked_keys() const;
    // Keys holding state now, over every rule.
    size_t tracked_keys() const;

  private:
    struct KeyState {
        AlertState alert;
        // Per condition, in the rule's order (baselines: of the baseline
        // conditions only; the others stay empty).
        std::vector<Baseline> baselines;
        std::vector<double> values;
        std::vector<double> thresholds;
        uint64_t last_seen_ns = 0;
    };
    struct RuleState {
        Rule rule;
        AlertTiming timing;
        KeyState global; // a rule without "per"
        std::unordered_map<AlertKey, KeyState, AlertKeyHash> keys;
        double learned_s = 0; // of the rule's baselines
        uint64_t untracked = 0;
    };

    using EventList = std::vector<std::shared_ptr<AlertEvent>>;
    void evaluate_rule(RuleState &r, const Snapshot &snap, const FlowIndex &index,
                       std::vector<AlertEventPtr> &events, AlertSection &section);
    // Steps one key's state; appends its event (contributors still empty:
    // evaluate_rule adds them for all its events at once) and its active alert.
    void step_key(RuleState &r, const AlertKey &key, KeyState &ks, std::vector<double> values,
                  const IntervalTallies &tallies, const Snapshot &snap, EventList &events,
                  AlertSection &section);
    // Whether a key's values make its state worth keeping (docs/alerts.md).
    static bool worth_keeping(const Rule &rule, const std::vector<double> &values);
    ActiveAlert active_alert(const RuleState &r, const AlertKey &key, const KeyState &ks) const;
    bool flows_short(const Rule &rule) const;
    std::string explain(const RuleState &r, const AlertKey &key, const KeyState &ks, const Tally &t,
                        const IntervalTallies &tallies, const Snapshot &snap) const;
    void load_baseline();
    void check_baseline_writable() const;
    bool any_new_hosts() const;

    std::vector<RuleState> rules_;
    AlertOptions opts_;
    LocalNets nets_;
    bool nets_ready_ = false;
    KnownHosts known_; // for `new`
    // What this interval's rates divide by: its length, except that the
    // final, partial interval counts as at least a whole --interval (a
    // capture's last few frames over a few ms are no burst).
    double rate_s_ = 0;
    // Frames that found the flow table full: since start at the last
    // snapshot, and in this interval.
    Count overflow_seen_;
    Count overflow_interval_;
};

} // namespace netmon::alerts
