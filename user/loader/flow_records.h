// Reading the kernel's flow records (struct netmon_flow_record) into a
// harvest's flow deltas.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "harvest/harvest.h"
#include "netmon/flow.h"

namespace netmon {

// The kernel's packed value, unpacked.
netmon_flow_stats flow_stats_of(const netmon_flow_value &v);

// A region's list sorted into table order (ascending buckets): the records it
// names are scattered over the table, and reading them in table order turns
// a page walk and a miss per record into a forward sweep that the
// prefetchers follow. Radix sort, 11 bits a pass, as many passes as the
// bucket numbers need. False if the list names a bucket past the table.
bool sort_list(const uint64_t *list, size_t n, uint32_t table_buckets,
               std::vector<uint32_t> &sorted, std::vector<uint32_t> &scratch);

// The records buckets[0, n) name in a region's table, into out[0, n).
void copy_records(const netmon_flow_record *table, const uint32_t *buckets, size_t n,
                  FlowDelta *out);

} // namespace netmon
