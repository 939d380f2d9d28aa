#include "budget/flow_table_memory.h"

#include <bit>
#include <fstream>
#include <sstream>

#include "budget/memory_text.h"
#include "core/error.h"

namespace netmon {

namespace {

// docs/memory.md. Per CPU and generation: max_flows 96-byte records, and
// an index of ⌈1.25 × max_flows / 16⌉ 64-byte buckets.
constexpr uint64_t kRecordBytes = 96;
constexpr uint64_t kIndexBucketBytes = 64;
constexpr uint64_t kIndexBucketSlots = 16;
constexpr uint64_t kGenerations = 2;

uint64_t total_bytes(const FlowTableRequest &r, uint64_t max_flows)
{
    return r.table_sets * flow_table_bytes(max_flows, r.cpus);
}

// The largest --max-flows whose tables fit in `budget` (0 if none does);
// the cost only grows with max_flows, so a binary search finds it.
uint64_t largest_fitting(const FlowTableRequest &r, uint64_t budget)
{
    uint64_t lo = 0, hi = r.max_flows;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo + 1) / 2;
        if (total_bytes(r, mid) <= budget)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

} // namespace

uint64_t flow_table_bytes(uint64_t max_flows, uint64_t cpus)
{
    const uint64_t slots = max_flows + (max_flows + 3) / 4; // netmon_index_buckets()
    const uint64_t buckets = (slots + kIndexBucketSlots - 1) / kIndexBucketSlots;
    return kGenerations * cpus * (max_flows * kRecordBytes + buckets * kIndexBucketBytes);
}

std::optional<uint64_t> mem_available_bytes(const std::string &meminfo)
{
    std::ifstream in(meminfo);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string key, unit;
        uint64_t value = 0;
        if (fields >> key >> value && key == "MemAvailable:") {
            fields >> unit;
            return unit == "kB" ? value * 1024 : value;
        }
    }
    return std::nullopt;
}

void check_flow_table_memory(const FlowTableRequest &request, std::optional<uint64_t> available)
{
    if (!available)
        return;
    const uint64_t need = total_bytes(request, request.max_flows);
    const auto budget = static_cast<uint64_t>(*available * kFlowTableMemoryShare);
    if (need <= budget)
        return;
    const uint64_t fits = largest_fitting(request, budget);
    // A round figure: the power of two below what fits.
    const uint64_t suggestion = fits ? std::bit_floor(fits) : 0;
    std::string sets = request.table_sets == 1
                           ? std::string()
                           : " for " + std::to_string(request.table_sets) + " interfaces";
    std::string hint = suggestion ? "; try --max-flows " + std::to_string(suggestion) +
                                        " or less (sizing: docs/memory.md)"
                                  : "; even --max-flows 1 does not fit";
    throw Error("--max-flows " + std::to_string(request.max_flows) + " needs " +
                    format_memory(need) + " of kernel memory" + sets + " (" +
                    std::to_string(request.cpus) + " CPUs × 2 preallocated tables), more than " +
                    "half of the " + format_memory(*available) + " available" + hint,
                kExitUsage);
}

} // namespace netmon
