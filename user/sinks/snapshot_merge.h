// Merging consecutive snapshots into one, for an output that fell behind:
// instead of losing an interval, its queue folds the next one into the
// last one it holds. Every count of the merged intervals is kept; what
// "merged" means for each field is documented in docs/json.md.
#pragma once

#include "snapshot/snapshot.h"

namespace netmon {

// One snapshot covering `earlier` and then `later` (the next interval(s)
// of the same run): interval counts added, interval rates recomputed over
// the summed length, everything that describes "now" (totals since start,
// top lists, active alerts, the Final kind) taken from `later`.
// With `keep_flow_detail` the flows' changes of both are folded per flow;
// without it the merged snapshot has none (only the IPFIX exporter reads it).
Snapshot merge_snapshots(const Snapshot &earlier, const Snapshot &later, bool keep_flow_detail);

} // namespace netmon
