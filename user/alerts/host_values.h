// Host-keyed rule values from the kernel's per-host counters
// (Snapshot::local_host_counts): a rule "per dst host" or "per src host"
// whose selector the counters can answer (none, tcp, udp, syn) takes its
// local keys' packets and bytes from them, exact even when the flow table
// overflowed; "per dst host sources" takes the kernel's sketch then, as an
// estimate. Other rules keep the flows' values (interval_values.h).
#pragma once

#include "alerts/interval_values.h"
#include "alerts/rule.h"
#include "snapshot/snapshot.h"

namespace netmon::alerts {

// Whether the rule's per-key values can come from the per-host counters.
bool reads_host_counters(const Rule &rule);

// Overwrites t.by_key for every local host with traffic in the interval.
// `overflowed`: frames found the flow table full in this interval (then
// the flows' distinct sources are short, and the sketch is used).
void use_host_counters(const Rule &rule, const LocalHostSection &hosts, bool overflowed,
                       IntervalTallies &t);

} // namespace netmon::alerts
