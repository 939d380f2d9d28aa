// What the userspace flow and host tables could take when full. Their caps
// (--max-active-flows, --max-hosts) keep memory bounded under a flood only
// if the machine can hold the tables full: say so at start when it cannot.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace netmon {

// docs/memory.md, per entry held: a flow ≈ 236 B measured; a host seen
// once ≈ 150 B (up to ≈ 330 B for one busy every interval).
inline constexpr uint64_t kFlowHeldBytes = 240;
inline constexpr uint64_t kHostHeldBytes = 150;

// The flow table and both host tables (sources, destinations), full.
uint64_t userspace_tables_bytes(uint64_t max_active_flows, uint64_t max_hosts);

// A notice when that is more than `available` (MemAvailable); empty when it
// fits or there is no figure.
std::string userspace_tables_notice(uint64_t max_active_flows, uint64_t max_hosts,
                                    std::optional<uint64_t> available);

} // namespace netmon
