// What one poll takes from the kernel's per-host table (bpf/host_counters.h):
// the loader's HostReader produces it, the per-host aggregation consumes it.
#pragma once

#include <cstdint>
#include <vector>

#include "harvest/count.h"
#include "netmon/host_counters.h"

namespace netmon {

// One local host's slot, summed over CPUs since the previous harvest of the
// same interface; its sketch merged (register-wise maximum).
struct HostDelta {
    uint32_t slot = 0;
    netmon_host_counters counts{};
    netmon_host_sources sources{};
};

struct HostHarvest {
    std::vector<HostDelta> hosts; // hosts with traffic only, by slot
    // Frames of local hosts the table had no region for (never expected).
    Count unheld;
};

} // namespace netmon
