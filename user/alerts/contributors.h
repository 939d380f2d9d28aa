// Who made up an alert's value: the top sources, destinations, destination
// ports and flows among what the rule picked for the key, at that moment.
#pragma once

#include "alerts/rule.h"
#include "snapshot/snapshot.h"
#include "stats/local_nets.h"

namespace netmon::alerts {

// `n` of each, by packets (bytes break ties). Reads every flow update of
// the interval again: done per event, never per interval. Rates are over
// rate_s seconds.
AlertTop top_contributors(const Rule &rule, const AlertKey &key, const Snapshot &snap,
                          const LocalNets &nets, double rate_s, size_t n = 5);

} // namespace netmon::alerts
