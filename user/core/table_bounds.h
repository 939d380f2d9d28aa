// The userspace tables' default bounds, what --max-hosts and
// --max-active-flows default to (docs/memory.md): one place for both the
// aggregator's options and the command line's.
#pragma once

#include <cstddef>

namespace netmon {

// Hosts each host table (sources, destinations) holds at most.
inline constexpr size_t kDefaultMaxHosts = size_t{1} << 20;
// Flows the flow table holds at most (what each costs held:
// kFlowHeldBytes, budget/userspace_tables.h).
inline constexpr size_t kDefaultMaxActiveFlows = size_t{1} << 21;

} // namespace netmon
