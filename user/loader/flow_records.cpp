#include "loader/flow_records.h"

namespace netmon {

netmon_flow_stats flow_stats_of(const netmon_flow_value &v)
{
    netmon_flow_stats s{};
    s.packets = v.packets_and_flags & NETMON_FLOW_PACKETS_MASK;
    s.tcp_flags = static_cast<uint8_t>(v.packets_and_flags >> NETMON_FLOW_FLAGS_SHIFT);
    s.bytes = v.bytes;
    s.ip_bytes = v.ip_bytes;
    s.syn_packets = v.syn_packets;
    s.first_seen_ns = v.first_seen_ns;
    s.last_seen_ns = v.last_seen_ns;
    return s;
}

void copy_records(const netmon_flow_record *records, size_t first, size_t n, FlowDelta *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = {records[first + i].key, flow_stats_of(records[first + i].value)};
}

bool drain_records(const netmon_flow_record *records, size_t first, size_t n,
                   const RegionIndex &index, FlowDelta *out)
{
    const uint64_t slots = uint64_t{index.n_buckets} * NETMON_INDEX_SLOTS;
    const uint32_t number_mask = static_cast<uint32_t>((uint64_t{1} << index.record_bits) - 1);
    for (size_t i = 0; i < n; i++) {
        const netmon_flow_record &r = records[first + i];
        out[i] = {r.key, flow_stats_of(r.value)};
        if (r.slot >= slots)
            return false;
        uint32_t &slot =
            index.buckets[r.slot / NETMON_INDEX_SLOTS].slot[r.slot % NETMON_INDEX_SLOTS];
        if ((slot & number_mask) != first + i + 1)
            return false;
        slot = 0;
    }
    return true;
}

} // namespace netmon
