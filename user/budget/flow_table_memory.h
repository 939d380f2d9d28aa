// What the kernel flow tables of a run will cost, checked against what the
// machine has before any is created: the tables are preallocated, so an
// oversized --max-flows does not fail, it takes the memory (2^26 made the
// kernel allocate ~20 GB and the OOM killer took an unrelated process).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace netmon {

// docs/memory.md: per table set (one interface, or one replay),
//   2 generations × CPUs × (max_flows × 96 B + ⌈1.25 × max_flows / 16⌉ × 64 B).
uint64_t flow_table_bytes(uint64_t max_flows, uint64_t cpus);

// MemAvailable of a /proc/meminfo-format file, in bytes; nullopt if absent.
std::optional<uint64_t> mem_available_bytes(const std::string &meminfo = "/proc/meminfo");

// The share of MemAvailable the tables may take.
constexpr double kFlowTableMemoryShare = 0.5;

struct FlowTableRequest {
    uint64_t max_flows;
    uint64_t cpus;
    uint64_t table_sets; // monitored interfaces (1 for replay)
};

// Throws a usage error (exit 2) naming the figure and a --max-flows that
// fits when the tables would take more than kFlowTableMemoryShare of
// `available`. Without a figure (no /proc/meminfo) there is nothing to check.
void check_flow_table_memory(const FlowTableRequest &request, std::optional<uint64_t> available);

} // namespace netmon
