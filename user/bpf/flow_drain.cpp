#include "bpf/flow_drain.h"

#include <bpf/bpf.h>
#include <cerrno>

#include "core/error.h"

namespace netmon {

namespace {
constexpr uint32_t kInitialBatch = 4096;
} // namespace

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

FlowTableDrainer::FlowTableDrainer() { resize(kInitialBatch); }

void FlowTableDrainer::resize(uint32_t batch)
{
    batch_ = batch;
    keys_.resize(batch);
    values_.resize(batch);
}

FlowDelta *SharedFlowBuffer::claim(size_t n)
{
    // One claim per batch of thousands of flows: contention is negligible.
    size_t at = used_.load(std::memory_order_relaxed);
    do {
        if (n > bound_ - at)
            return nullptr;
    } while (!used_.compare_exchange_weak(at, at + n, std::memory_order_relaxed));
    return flows_.data() + at;
}

FlowDelta *FlowSink::room(uint32_t n)
{
    if (FlowDelta *p = shared_.claim(n))
        return p;
    const size_t at = spilled_.size();
    spilled_.resize(at + n);
    return spilled_.data() + at;
}

size_t FlowTableDrainer::drain(int map_fd, FlowSink &out)
{
    size_t drained = 0;
    if (!drain_batch(map_fd, out, drained))
        drained = drain_one_by_one(map_fd, out);
    return drained;
}

// Returns false if the kernel has no batch operations for this map.
bool FlowTableDrainer::drain_batch(int map_fd, FlowSink &out, size_t &drained)
{
    // The kernel's hash batch token is a bucket index (u32).
    uint32_t token = 0;
    bool first = true;
    for (;;) {
        uint32_t count = batch_;
        int err = bpf_map_lookup_and_delete_batch(map_fd, first ? nullptr : &token, &token,
                                                  keys_.data(), values_.data(), &count, nullptr);
        int e = err ? errno : 0;
        if (err && e == ENOSPC && count == 0) {
            // One bucket holds more entries than the batch: grow and retry.
            resize(batch_ * 2);
            continue;
        }
        if (err && (e == EINVAL || e == ENOTSUP || e == EOPNOTSUPP) && first && count == 0)
            return false;
        if (err && e != ENOENT)
            throw Error(errno_message("cannot read the flow table", -e));
        // Unpacked straight from the kernel's arrays into the final place.
        FlowDelta *dst = out.room(count);
        for (uint32_t i = 0; i < count; i++)
            dst[i] = {keys_[i], flow_stats_of(values_[i])};
        drained += count;
        first = false;
        if (err) // ENOENT: that was the last (possibly partial) batch
            return true;
    }
}

// Fallback for kernels without batch ops: walk, then delete (deleting
// while walking would restart get_next_key from the first bucket).
size_t FlowTableDrainer::drain_one_by_one(int map_fd, FlowSink &out)
{
    std::vector<netmon_flow_key> seen;
    netmon_flow_key key{}, next{};
    const netmon_flow_key *prev = nullptr;
    while (bpf_map_get_next_key(map_fd, prev, &next) == 0) {
        if (bpf_map_lookup_elem(map_fd, &next, values_.data()) == 0) {
            *out.room(1) = {next, flow_stats_of(values_[0])};
            seen.push_back(next);
        }
        key = next;
        prev = &key;
    }
    for (const auto &k : seen)
        bpf_map_delete_elem(map_fd, &k);
    return seen.size();
}

} // namespace netmon
