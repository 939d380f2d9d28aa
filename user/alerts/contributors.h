// Who made up an alert's value: the top sources, destinations, destination
// ports and flows among what the rule picked for the key, at that moment.
#pragma once

#include <unordered_map>
#include <vector>

#include "alerts/interval_values.h"
#include "alerts/rule.h"
#include "snapshot/snapshot.h"

namespace netmon::alerts {

// The top contributors of each of `keys` (keys of `rule`): `n` of each
// kind, by packets (bytes break ties). One pass over the interval's flow
// updates for all the keys of a rule that have an event, so a thousand
// alerts starting at once (a carpet-bombing flood) cost one pass, not a
// thousand. Rates are over rate_s seconds.
std::unordered_map<AlertKey, AlertTop, AlertKeyHash>
top_contributors(const Rule &rule, const std::vector<AlertKey> &keys, const Snapshot &snap,
                 const MatchContext &ctx, double rate_s, size_t n = 5);

} // namespace netmon::alerts
