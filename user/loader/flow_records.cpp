#include "loader/flow_records.h"

#include <utility>

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

bool sort_list(const uint64_t *list, size_t n, uint32_t table_buckets,
               std::vector<uint32_t> &sorted, std::vector<uint32_t> &scratch)
{
    constexpr int kBits = 11;
    constexpr uint32_t kDigits = 1u << kBits; // values of one radix digit
    sorted.resize(n);
    scratch.resize(n);
    for (size_t i = 0; i < n; i++) {
        if (list[i] >= table_buckets)
            return false;
        sorted[i] = static_cast<uint32_t>(list[i]);
    }
    for (int shift = 0; shift < 32 && (uint64_t{table_buckets - 1} >> shift) != 0; shift += kBits) {
        uint32_t starts[kDigits] = {};
        for (uint32_t bucket : sorted)
            starts[(bucket >> shift) & (kDigits - 1)]++;
        uint32_t at = 0;
        for (uint32_t &start : starts)
            at += std::exchange(start, at);
        for (uint32_t bucket : sorted)
            scratch[starts[(bucket >> shift) & (kDigits - 1)]++] = bucket;
        sorted.swap(scratch);
    }
    return true;
}

void copy_records(const netmon_flow_record *table, const uint32_t *buckets, size_t n,
                  FlowDelta *out)
{
    for (size_t i = 0; i < n; i++) {
        const netmon_flow_record &r = table[buckets[i]];
        out[i] = {r.key, flow_stats_of(r.value)};
    }
}

} // namespace netmon
