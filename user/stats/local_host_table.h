// Adds up the per-host harvests of every interface (loader's HostReader) by
// local address, and makes each interval's LocalHostSection; then puts the
// exact numbers in the snapshot's host top lists. Bounded by the table's
// slots (at most NETMON_MAX_HOST_SLOTS), never by the traffic.
#pragma once

#include <memory>
#include <vector>

#include "harvest/host_harvest.h"
#include "netaddr/host_layout.h"
#include "snapshot/snapshot.h"

namespace netmon {

class LocalHostTable {
  public:
    explicit LocalHostTable(HostLayout layout);

    const HostLayout &layout() const { return layout_; }
    void add(const HostHarvest &harvest);
    // This interval's section; starts the next interval.
    std::shared_ptr<const LocalHostSection> close_interval();

  private:
    HostLayout layout_;
    std::vector<netmon_host_counters> total_;    // by slot
    std::vector<netmon_host_counters> interval_; // by slot
    std::vector<netmon_host_sources> sources_;   // by slot, this interval
    std::vector<bool> seen_;                     // by slot: traffic since start
    std::vector<uint32_t> active_;               // slots seen, in first-seen order
    Count unheld_;
};

// Replaces the counts of local hosts in top.sources (what they sent),
// top.destinations (received) and top.local_hosts (both) by the kernel's
// per-host counts: a flow table that overflowed holds only part of them.
void apply_local_host_counts(Snapshot &snap, const LocalHostSection &hosts);

} // namespace netmon
