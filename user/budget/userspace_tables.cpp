#include "budget/userspace_tables.h"

#include "budget/memory_text.h"

namespace netmon {

uint64_t userspace_tables_bytes(uint64_t max_active_flows, uint64_t max_hosts)
{
    return max_active_flows * kFlowHeldBytes + 2 * max_hosts * kHostHeldBytes;
}

std::string userspace_tables_notice(uint64_t max_active_flows, uint64_t max_hosts,
                                    std::optional<uint64_t> available)
{
    const uint64_t full = userspace_tables_bytes(max_active_flows, max_hosts);
    if (!available || full <= *available)
        return {};
    return "the flow and host tables could take " + format_memory(full) +
           " when full (--max-active-flows " + std::to_string(max_active_flows) + ", --max-hosts " +
           std::to_string(max_hosts) + "), more than the " + format_memory(*available) +
           " available: lower them to keep memory bounded under a flood (docs/memory.md)";
}

} // namespace netmon
