#include "bpf/generation_reader.h"

#include <bpf/bpf.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <system_error>
#include <thread>
#include <utility>

#include "bpf/percpu.h"
#include "core/error.h"

namespace netmon {

GenerationReader::GenerationReader(NetmonObject &obj, bool wait_for_readers)
    : obj_(obj), wait_for_readers_(wait_for_readers)
{
    const unsigned online = std::max(1u, std::thread::hardware_concurrency());
    drainers_.resize(std::min<size_t>(obj_.cpus(), online));
    for (auto &frames : seen_cpu_frames_)
        frames.assign(obj_.cpus(), 0);
    constexpr auto kEntries = static_cast<size_t>(NETMON_COUNTERS_ENTRIES);
    counter_values_.resize(kEntries * possible_cpus() * percpu_stride(sizeof(netmon_counter)));
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

GenerationReader::SlotCounters GenerationReader::read_counters(uint32_t slot)
{
    const size_t ncpus = possible_cpus();
    const size_t value_stride = percpu_stride(sizeof(netmon_counter));
    const size_t stride = value_stride * ncpus;
    uint32_t count = NETMON_COUNTERS_ENTRIES;
    std::vector<uint32_t> keys(count);
    uint32_t out_token = 0;
    int err = bpf_map_lookup_batch(obj_.counters_fd(), nullptr, &out_token, keys.data(),
                                   counter_values_.data(), &count, nullptr);
    if (err && errno != ENOENT)
        throw Error(errno_message("cannot read the protocol counters", -errno));
    if (count != NETMON_COUNTERS_ENTRIES)
        throw Error("the protocol counters came back incomplete");

    SlotCounters out;
    out.frames_per_cpu.assign(ncpus, 0);
    for (uint32_t hook = 0; hook < NETMON_NUM_HOOKS; hook++)
        for (uint32_t i = 0; i < NETMON_NUM_COUNTERS; i++) {
            const uint8_t *values =
                counter_values_.data() + netmon_counter_key(slot, hook, i) * stride;
            out.per_hook[hook][i] = sum_percpu_counter(values, ncpus);
            if (i > NETMON_CTR_LAST_CLASS)
                continue;
            for (size_t cpu = 0; cpu < ncpus; cpu++) {
                netmon_counter c;
                std::memcpy(&c, values + cpu * value_stride, sizeof(c));
                out.frames_per_cpu[cpu] += c.packets;
            }
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
    SlotCounters now = read_counters(idle);
    for (uint32_t hook = 0; hook < NETMON_NUM_HOOKS; hook++)
        for (uint32_t i = 0; i < NETMON_NUM_COUNTERS; i++)
            harvest_.counters[hook][i] = now.per_hook[hook][i] - seen_[idle][hook][i];
    seen_[idle] = now.per_hook;

    // A CPU that counted no frame in this generation since its last drain
    // added no flow to its table: only the others need draining.
    std::vector<BusyTable> busy;
    for (uint32_t cpu = 0; cpu < obj_.cpus(); cpu++)
        if (uint64_t frames = now.frames_per_cpu[cpu] - seen_cpu_frames_[idle][cpu])
            busy.push_back({cpu, std::min<uint64_t>(frames, obj_.max_flows())});
    seen_cpu_frames_[idle] = std::move(now.frames_per_cpu);
    drain_flow_tables(idle, busy);
    return harvest_;
}

// The CPUs' tables are independent, and a drain walks every bucket of a
// table, bound by cache misses rather than by one core: up to one thread per
// online CPU takes tables in turn, which divides the wall time. They all
// write into harvest_.flows, sized first to the tables' bound: one buffer,
// each flow written once, and the pages past the flows drained never touched.
void GenerationReader::drain_flow_tables(uint32_t slot, const std::vector<BusyTable> &tables)
{
    uint64_t bound = 0;
    for (const BusyTable &t : tables)
        bound += t.bound;
    harvest_.flows.clear();
    harvest_.flows.resize(bound);
    SharedFlowBuffer shared(harvest_.flows);

    const size_t nworkers = std::max<size_t>(1, std::min(drainers_.size(), tables.size()));
    std::vector<FlowSink> sinks(nworkers, FlowSink(shared));
    std::atomic<size_t> next{0};
    std::vector<std::exception_ptr> errors(nworkers);
    std::vector<uint64_t> fullest(nworkers, 0);
    auto work = [&](size_t w) {
        try {
            for (size_t i; (i = next++) < tables.size();) {
                const size_t n =
                    drainers_[w].drain(obj_.flow_table_fd(slot, tables[i].cpu), sinks[w]);
                fullest[w] = std::max<uint64_t>(fullest[w], n);
            }
        } catch (...) {
            errors[w] = std::current_exception();
        }
    };
    std::vector<std::thread> threads;
    try {
        for (size_t w = 1; w < nworkers; w++)
            threads.emplace_back(work, w);
    } catch (const std::system_error &) {
        // No more threads: those started and this one take every table.
    }
    work(0);
    for (auto &t : threads)
        t.join();
    harvest_.flows.resize(shared.used());
    for (auto &e : errors)
        if (e)
            std::rethrow_exception(e);

    harvest_.fullest_table = *std::max_element(fullest.begin(), fullest.end());
    // Only if a table held more than its bound (it cannot when every flow
    // entry follows a counted frame on its CPU, as the program does).
    for (FlowSink &sink : sinks)
        harvest_.flows.insert(harvest_.flows.end(), sink.spilled().begin(), sink.spilled().end());
}

} // namespace netmon
