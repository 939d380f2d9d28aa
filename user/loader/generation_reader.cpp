#include "loader/generation_reader.h"

#include <bpf/bpf.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <system_error>
#include <thread>
#include <utility>

#include "core/error.h"
#include "loader/flow_records.h"
#include "loader/percpu.h"

namespace netmon {

GenerationReader::GenerationReader(NetmonObject &obj, bool wait_for_readers)
    : obj_(obj), wait_for_readers_(wait_for_readers)
{
    const unsigned online = std::max(1u, std::thread::hardware_concurrency());
    copy_threads_ = std::min<size_t>(obj_.cpus(), online);
    constexpr auto kEntries = static_cast<size_t>(NETMON_COUNTERS_ENTRIES);
    counter_values_.resize(kEntries * possible_cpus() * percpu_stride(sizeof(netmon_counter)));
}

// Re-storing an inner map into an ARRAY_OF_MAPS makes the kernel run
// synchronize_rcu() before the syscall returns (maybe_wait_bpf_programs in
// kernel/bpf/syscall.c). XDP and TC programs run inside RCU read-side
// sections, so once it returns every program that read the old
// active_generation has finished, and every later one sees the new bank.
void GenerationReader::wait_for_readers()
{
    // The wait covers every program on the system.
    const uint32_t index = 0;
    const int inner_fd = obj_.rcu_wait_inner_fd();
    if (bpf_map_update_elem(obj_.rcu_wait_fd(), &index, &inner_fd, BPF_ANY))
        throw Error(errno_message("cannot switch flow-table generations", -errno));
}

HookCounters GenerationReader::read_counters(uint32_t bank)
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
        for (uint32_t i = 0; i < NETMON_NUM_COUNTERS; i++)
            out[hook][i] = sum_percpu_counter(
                counter_values_.data() + netmon_counter_key(bank, hook, i) * stride, ncpus);
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
    const uint32_t generation = obj_.active_generation();
    idle_ = generation % NETMON_NUM_BANKS;
    obj_.set_active_generation(generation + 1);
}

Harvest &GenerationReader::collect()
{
    const uint32_t idle = idle_;
    HookCounters now = read_counters(idle);
    for (uint32_t hook = 0; hook < NETMON_NUM_HOOKS; hook++)
        for (uint32_t i = 0; i < NETMON_NUM_COUNTERS; i++)
            harvest_.counters[hook][i] = now[hook][i] - seen_[idle][hook][i];
    seen_[idle] = now;
    copy_flow_records(idle);
    return harvest_;
}

namespace {

// f(item, worker) for every item in [0, n), on this thread and up to
// threads - 1 more, each taking the next item when it is free.
template <class F> void for_each_on_threads(size_t n, size_t threads, F &&f)
{
    std::atomic<size_t> next{0};
    auto work = [&](size_t worker) {
        for (size_t i; (i = next++) < n;)
            f(i, worker);
    };
    std::vector<std::thread> started;
    try {
        for (size_t t = 1; t < std::min(threads, n); t++)
            started.emplace_back(work, t);
    } catch (const std::system_error &) {
        // No more threads: those started and this one take every item.
    }
    work(0);
    for (auto &t : started)
        t.join();
}

} // namespace

// A CPU's records lie densely in the order its flows arrived: the copy
// reads records 0..used of each CPU's region through the mapping, split into
// pieces that up to one thread per online CPU take in turn, so one busy
// CPU's records are copied by every thread, and frees the index slots they
// name (or, for a busy region, zeroes its whole index). Each record goes to its final place in
// harvest_.flows, in record order: the same frames in the same order give the same harvest.
void GenerationReader::copy_flow_records(uint32_t bank)
{
    const uint32_t cpus = obj_.cpus();
    std::vector<uint64_t> used(cpus);
    uint64_t total = 0;
    for (uint32_t cpu = 0; cpu < cpus; cpu++) {
        // No program writes the idle bank: the count is final.
        const uint64_t count =
            __atomic_load_n(&obj_.records_used(bank, cpu).count, __ATOMIC_ACQUIRE);
        used[cpu] = std::min<uint64_t>(count, obj_.max_flows());
        total += used[cpu];
    }

    struct Piece {
        uint32_t cpu;
        size_t first, n;
        FlowDelta *to;
    };
    constexpr size_t kPiece = 16384;
    harvest_.flows.clear();
    harvest_.flows.resize(total);
    std::vector<Piece> pieces;
    FlowDelta *to = harvest_.flows.data();
    for (uint32_t cpu = 0; cpu < cpus; cpu++)
        for (uint64_t at = 0; at < used[cpu]; at += kPiece) {
            const size_t n = std::min<uint64_t>(kPiece, used[cpu] - at);
            pieces.push_back({cpu, at, n, to});
            to += n;
        }
    const uint32_t record_bits = netmon_record_bits(obj_.max_flows());
    const uint32_t index_buckets = obj_.index_buckets();
    std::atomic<bool> corrupt{false};
    for_each_on_threads(pieces.size(), copy_threads_, [&](size_t i, size_t) {
        const Piece &p = pieces[i];
        if (clear_whole_index(used[p.cpu], index_buckets)) {
            copy_records(obj_.records(bank, p.cpu), p.first, p.n, p.to);
            return;
        }
        const RegionIndex index{obj_.index(bank, p.cpu), index_buckets, record_bits};
        if (!drain_records(obj_.records(bank, p.cpu), p.first, p.n, index, p.to))
            corrupt = true;
    });
    if (corrupt)
        throw Error("internal: a flow record names an index slot that does not name it");
    // A busy region's index is zeroed whole: a forward write instead of a
    // random line per flow.
    std::vector<uint32_t> whole;
    for (uint32_t cpu = 0; cpu < cpus; cpu++)
        if (used[cpu] && clear_whole_index(used[cpu], index_buckets))
            whole.push_back(cpu);
    for_each_on_threads(whole.size(), copy_threads_, [&](size_t i, size_t) {
        std::memset(obj_.index(bank, whole[i]), 0,
                    size_t{index_buckets} * sizeof(netmon_index_bucket));
    });

    // The regions are the program's again from the next flip to this bank;
    // the release orders the copies and the cleared index slots before it.
    for (uint32_t cpu = 0; cpu < cpus; cpu++)
        __atomic_store_n(&obj_.records_used(bank, cpu).count, 0, __ATOMIC_RELEASE);
    harvest_.fullest_table = used.empty() ? 0 : *std::max_element(used.begin(), used.end());
}

} // namespace netmon
