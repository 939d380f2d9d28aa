// Harvests the per-host table (bpf/host_counters.h) of the bank a
// GenerationReader just retired: after its flip and grace period no program
// writes that bank, so the reader sums each host's regions, merges their
// sketches and zeroes them for the bank's next turn. Aligned with the
// generation, the hosts' counts fall in the same interval as the totals.
#pragma once

#include <array>

#include "core/mapped_memory.h"
#include "harvest/host_harvest.h"
#include "loader/netmon_object.h"

namespace netmon {

class HostReader {
  public:
    explicit HostReader(NetmonObject &obj);

    // Call after GenerationReader::flip() (and its wait): the bank it
    // retired. Valid until the next call.
    const HostHarvest &collect();

  private:
    Count read_unheld(uint32_t bank);

    NetmonObject &obj_;
    MappedMemory counters_; // host_counters, every region
    MappedMemory sources_;  // host_sources, the same regions
    // host_unheld is per-CPU and never reset: what each bank held at its
    // last harvest.
    std::array<Count, NETMON_NUM_BANKS> unheld_seen_{};
    HostHarvest harvest_;
};

} // namespace netmon
