// Test-only readers of the XDP program's maps, written with raw libbpf calls
// and independent of the production reader, so a bug there cannot hide the
// same bug in the tests. Per-CPU values and per-CPU flow records are merged
// here the simple way.
#pragma once

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "netmon/flow.h"

namespace netmon::test {

inline size_t possible_cpus()
{
    int n = libbpf_num_possible_cpus();
    if (n <= 0)
        throw std::runtime_error("libbpf_num_possible_cpus failed: " + std::to_string(n));
    return static_cast<size_t>(n);
}

// The kernel lays per-CPU values out at 8-byte strides.
constexpr size_t percpu_stride(size_t value_size) { return (value_size + 7) / 8 * 8; }

// Index of a class or side counter in the counters array, written out
// here rather than through netmon_counter_key() so a layout bug shows.
constexpr uint32_t counter_index(uint32_t bank, uint32_t counter,
                                 uint32_t hook = NETMON_HOOK_INGRESS)
{
    return (bank * NETMON_NUM_HOOKS + hook) * NETMON_NUM_COUNTERS + counter;
}

// One counter summed over all CPUs.
inline netmon_counter read_counter(int counters_fd, uint32_t index)
{
    size_t stride = percpu_stride(sizeof(netmon_counter));
    std::vector<uint8_t> buf(stride * possible_cpus());
    if (bpf_map_lookup_elem(counters_fd, &index, buf.data()))
        throw std::runtime_error("counters lookup failed: " + std::string(strerror(errno)));
    netmon_counter total{};
    for (size_t cpu = 0; cpu < possible_cpus(); cpu++) {
        netmon_counter c;
        std::memcpy(&c, buf.data() + cpu * stride, sizeof(c));
        total.packets += c.packets;
        total.bytes += c.bytes;
    }
    return total;
}

struct FlowEntry {
    netmon_flow_key key;
    netmon_flow_stats stats; // merged over CPUs
};

// One CPU's packed value, unpacked: the low 56 bits count packets, the top
// 8 hold the ORed TCP flags (written out here, not via the production code).
inline netmon_flow_stats unpack_flow_value(const netmon_flow_value &v)
{
    netmon_flow_stats s{};
    s.packets = v.packets_and_flags & ((uint64_t{1} << 56) - 1);
    s.tcp_flags = static_cast<uint8_t>(v.packets_and_flags >> 56);
    s.bytes = v.bytes;
    s.ip_bytes = v.ip_bytes;
    s.syn_packets = v.syn_packets;
    s.first_seen_ns = v.first_seen_ns;
    s.last_seen_ns = v.last_seen_ns;
    return s;
}

// Adds one CPU's copy of a flow: sums, earliest first_seen, latest
// last_seen, ORed TCP flags.
inline void add_cpu_copy(netmon_flow_stats &total, const netmon_flow_stats &s)
{
    total.first_seen_ns =
        total.packets ? std::min(total.first_seen_ns, s.first_seen_ns) : s.first_seen_ns;
    total.last_seen_ns = std::max(total.last_seen_ns, s.last_seen_ns);
    total.packets += s.packets;
    total.bytes += s.bytes;
    total.ip_bytes += s.ip_bytes;
    total.syn_packets += s.syn_packets;
    total.tcp_flags |= s.tcp_flags;
}

// Where one (bank, CPU) region of the flow tables lives.
struct RecordRegion {
    int records_fd;         // flow_records: every region's records
    int index_fd;           // flow_index: every region's index buckets
    int used_fd;            // records_used: every region's record count
    uint32_t region;        // bank * CPUs + cpu, written out here
    uint32_t max_flows;     // records per region
    uint32_t index_buckets; // index buckets per region
};

// Every record one CPU took in one bank, read element by element with map
// lookups (not through the production mmap): records 0..used, each of
// which must be named by the index slot it says names it.
inline std::vector<FlowEntry> dump_cpu_flows(const RecordRegion &r)
{
    netmon_records_used used{};
    if (bpf_map_lookup_elem(r.used_fd, &r.region, &used))
        throw std::runtime_error("records_used lookup failed: " + std::string(strerror(errno)));
    if (used.count > r.max_flows)
        throw std::runtime_error("a region took " + std::to_string(used.count) + " records of " +
                                 std::to_string(r.max_flows));
    const uint32_t number_mask = (uint32_t{1} << netmon_record_bits(r.max_flows)) - 1;
    std::vector<FlowEntry> flows;
    for (uint32_t i = 0; i < used.count; i++) {
        auto index = static_cast<uint32_t>(r.region * uint64_t{r.max_flows} + i);
        netmon_flow_record record{};
        if (bpf_map_lookup_elem(r.records_fd, &index, &record))
            throw std::runtime_error("flow record lookup failed: " + std::string(strerror(errno)));
        if (record.slot >= r.index_buckets * uint64_t{NETMON_INDEX_SLOTS})
            throw std::runtime_error("record " + std::to_string(i) + " names slot " +
                                     std::to_string(record.slot) + " of an index of " +
                                     std::to_string(r.index_buckets) + " buckets");
        auto bucket_at = static_cast<uint32_t>(r.region * uint64_t{r.index_buckets} +
                                               record.slot / NETMON_INDEX_SLOTS);
        netmon_index_bucket bucket{};
        if (bpf_map_lookup_elem(r.index_fd, &bucket_at, &bucket))
            throw std::runtime_error("flow index lookup failed: " + std::string(strerror(errno)));
        if ((bucket.slot[record.slot % NETMON_INDEX_SLOTS] & number_mask) != i + 1)
            throw std::runtime_error("record " + std::to_string(i) +
                                     "'s index slot does not name it");
        flows.push_back({record.key, unpack_flow_value(record.value)});
    }
    return flows;
}

// Every flow of one generation: each CPU's records, merged by key, in the
// order keys were first met.
inline std::vector<FlowEntry> dump_flows(const std::vector<RecordRegion> &regions)
{
    std::vector<FlowEntry> merged;
    for (const RecordRegion &r : regions)
        for (const FlowEntry &f : dump_cpu_flows(r)) {
            auto same = std::find_if(merged.begin(), merged.end(), [&](const FlowEntry &m) {
                return std::memcmp(&m.key, &f.key, sizeof(f.key)) == 0;
            });
            if (same == merged.end())
                merged.push_back(f);
            else
                add_cpu_copy(same->stats, f.stats);
        }
    return merged;
}

} // namespace netmon::test
