#include "bpf/generation_reader.h"

#include <bpf/bpf.h>
#include <cerrno>

#include "bpf/percpu.h"
#include "core/error.h"

namespace netmon {

GenerationReader::GenerationReader(NetmonObject &obj, bool wait_for_readers)
    : obj_(obj), wait_for_readers_(wait_for_readers)
{
    counter_values_.resize(size_t{NETMON_COUNTERS_ENTRIES} * possible_cpus() *
                           percpu_stride(sizeof(netmon_counter)));
}

// Re-storing an inner map into the ARRAY_OF_MAPS makes the kernel run
// synchronize_rcu() before the syscall returns (maybe_wait_bpf_programs in
// kernel/bpf/syscall.c). XDP and TC programs run inside RCU read-side
// sections, so once it returns every program that read the old
// active_slot has finished, and every later one sees the new slot.
void GenerationReader::wait_for_readers()
{
    // Any one element does: the wait covers every program on the system.
    const uint32_t index = netmon_flow_table_index(idle_, 0, obj_.cpus());
    int inner_fd = obj_.flow_table_fd(idle_, 0);
    if (bpf_map_update_elem(obj_.flow_tables_fd(), &index, &inner_fd, BPF_ANY))
        throw Error(errno_message("cannot switch flow-table generations", -errno));
}

HookCounters GenerationReader::read_counters(uint32_t slot)
{
    const size_t ncpus = possible_cpus();
    const size_t stride = percpu_stride(sizeof(netmon_counter)) * ncpus;
    uint32_t count = NETMON_COUNTERS_ENTRIES;
    std::vector<uint32_t> keys(count);
    uint32_t out_token = 0;
    int err = bpf_map_lookup_batch(obj_.counters_fd(), nullptr, &out_token, keys.data(),
                                   counter_values_.data(), &count, nullptr);
    if (err && errno != ENOENT)
        throw Error(errno_message("cannot read the protocol counters", -errno));
    if (count != NETMON_COUNTERS_ENTRIES)
        throw Error("the protocol counters came back incomplete");

    HookCounters out;
    for (uint32_t hook = 0; hook < NETMON_NUM_HOOKS; hook++)
        for (uint32_t i = 0; i < NETMON_NUM_COUNTERS; i++) {
            uint32_t index = netmon_counter_key(slot, hook, i);
            out[hook][i] = sum_percpu_counter(counter_values_.data() + index * stride, ncpus);
        }
    return out;
}

Harvest &GenerationReader::harvest()
{
    flip();
    if (wait_for_readers_)
        wait_for_readers();
    return collect();
}

void GenerationReader::flip()
{
    idle_ = obj_.active_slot() % NETMON_NUM_SLOTS;
    obj_.set_active_slot((idle_ + 1) % NETMON_NUM_SLOTS);
}

Harvest &GenerationReader::collect()
{
    const uint32_t idle = idle_;
    HookCounters now = read_counters(idle);
    for (uint32_t hook = 0; hook < NETMON_NUM_HOOKS; hook++)
        for (uint32_t i = 0; i < NETMON_NUM_COUNTERS; i++)
            harvest_.counters[hook][i] = now[hook][i] - seen_[idle][hook][i];
    seen_[idle] = now;

    harvest_.flows.clear();
    for (uint32_t cpu = 0; cpu < obj_.cpus(); cpu++)
        drainer_.drain(obj_.flow_table_fd(idle, cpu), harvest_.flows);
    return harvest_;
}

} // namespace netmon
