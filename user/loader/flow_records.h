// Reading the kernel's flow records (struct netmon_flow_record) into a
// harvest's flow deltas.
#pragma once

#include <cstddef>
#include <cstdint>

#include "harvest/harvest.h"
#include "netmon/flow.h"

namespace netmon {

// The kernel's packed value, unpacked.
netmon_flow_stats flow_stats_of(const netmon_flow_value &v);

// One region's index as the kernel sized it.
struct RegionIndex {
    netmon_index_bucket *buckets;
    uint32_t n_buckets;   // netmon_index_buckets(max_flows)
    uint32_t record_bits; // netmon_record_bits(max_flows)
};

// Copies a region's records [first, first + n) into out[0, n), in record
// order (the order the flows arrived), and frees the index slot each one
// names, so that the region starts its next generation with an empty
// index after O(flows) work. False if a record names a slot outside the
// index or one that does not name it back (then nothing after it is
// cleared: a slot we cannot vouch for is never written).
bool drain_records(const netmon_flow_record *records, size_t first, size_t n,
                   const RegionIndex &index, FlowDelta *out);

// Whether zeroing a region's whole index (one sequential write) is cheaper
// than clearing `used` slots one by one (a random cache line each): when the
// records touched more than a quarter of the index's lines.
inline bool clear_whole_index(uint64_t used, uint32_t index_buckets)
{
    return used > index_buckets / 4;
}

// Copies records [first, first + n) into out[0, n), in record order, and
// leaves the index to the caller (clear_whole_index()).
void copy_records(const netmon_flow_record *records, size_t first, size_t n, FlowDelta *out);

} // namespace netmon
