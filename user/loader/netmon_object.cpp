#include "loader/netmon_object.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <sys/mman.h>
#include <sys/random.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <random>
#include <string>

#include "core/error.h"
#include "core/program_names.h"
#include "features/feature_probe.h"
#include "loader/percpu.h"
#include "netmon_bpf.skel.h"

namespace netmon {

namespace {

// The flow tables' hash seed: unpredictable, so no one can send flows
// chosen to pile up on one probe sequence.
uint64_t random_seed()
{
    uint64_t seed = 0;
    if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
        seed = std::random_device{}() * uint64_t{0x9e3779b97f4a7c15} ^ std::random_device{}();
    return seed;
}

} // namespace

uint32_t default_max_flows()
{
    constexpr size_t kBudget = 131072, kFloor = 8192;
    return static_cast<uint32_t>(std::max(kFloor, kBudget / possible_cpus()));
}

std::unique_ptr<NetmonObject> NetmonObject::load(const LoadOptions &opts)
{
    if (opts.max_flows == 0)
        throw Error("--max-flows must be at least 1", kExitUsage);
    // A kernel without a needed feature: one line now, not a verifier log.
    // Only a live run links the program to interfaces.
    features::require_kernel_features(opts.clock != NETMON_CLOCK_REPLAY, opts.egress);

    const auto cpus = opts.cpu_regions ? opts.cpu_regions : static_cast<uint32_t>(possible_cpus());
    netmon_bpf *skel = netmon_bpf__open();
    if (!skel)
        throw Error(errno_message("cannot open the BPF object", errno));
    // Owned from here: destroyed on any error below.
    std::unique_ptr<NetmonObject> obj(new NetmonObject(skel, opts.max_flows, cpus));
    // `detach` knows our programs by these names: keep them true.
    if (bpf_program__name(skel->progs.netmon_xdp) != kXdpProgramName ||
        bpf_program__name(skel->progs.netmon_egress) != kEgressProgramName)
        throw Error("internal: the BPF programs' names differ from core/program_names.h");

    skel->rodata->netmon_cfg.clock = opts.clock;
    skel->rodata->netmon_cfg.nr_cpus = cpus;
    if (opts.replay_batches && opts.clock != NETMON_CLOCK_REPLAY)
        throw Error("internal: replay batches need the replay clock");
    bpf_program__set_autoload(skel->progs.netmon_replay_batch, opts.replay_batches);
    bpf_program__set_autoload(skel->progs.netmon_egress, opts.egress);
    bpf_program__set_autoload(skel->progs.netmon_egress_filtered_out, opts.egress);
    // The program computes positions in the records and the index in 32
    // bits; record numbers + 1 and a fingerprint share an index slot.
    const uint64_t records = uint64_t{NETMON_NUM_BANKS} * cpus * opts.max_flows;
    if (opts.max_flows > UINT32_MAX / 2 || records > UINT32_MAX)
        throw Error("--max-flows " + std::to_string(opts.max_flows) + " is too large for " +
                        std::to_string(cpus) + " CPUs: at most " +
                        std::to_string(std::min<uint64_t>(UINT32_MAX / 2,
                                                          UINT32_MAX / (NETMON_NUM_BANKS * cpus))),
                    kExitUsage);
    const uint32_t index_buckets = netmon_index_buckets(opts.max_flows);
    skel->rodata->netmon_cfg.max_flows = opts.max_flows;
    skel->rodata->netmon_cfg.record_bits = static_cast<uint8_t>(netmon_record_bits(opts.max_flows));
    skel->rodata->netmon_cfg.index_buckets = index_buckets;
    skel->rodata->netmon_cfg.hash_seed = random_seed();
    if (int err = bpf_map__set_max_entries(skel->maps.flow_index,
                                           NETMON_NUM_BANKS * cpus * index_buckets))
        throw Error(errno_message("cannot size the flow index", err));
    if (int err = bpf_map__set_max_entries(skel->maps.flow_records, static_cast<uint32_t>(records)))
        throw Error(errno_message("cannot size the flow records", err));
    if (int err = bpf_map__set_max_entries(skel->maps.records_used, NETMON_NUM_BANKS * cpus))
        throw Error(errno_message("cannot size the record counts", err));

    obj->size_host_table(opts.hosts, opts.sources_seed);

    if (int err = netmon_bpf__load(skel)) {
        if (err == -EPERM || err == -EACCES)
            throw Error("loading the BPF program was refused: netmon-xdp needs "
                        "root, or CAP_BPF, CAP_PERFMON and CAP_NET_ADMIN",
                        kExitNoPermission);
        if (err == -ENOMEM || err == -E2BIG)
            throw Error(errno_message("cannot create the flow tables of " +
                                          std::to_string(opts.max_flows) +
                                          " flows per CPU (try a smaller --max-flows)",
                                      err));
        throw Error(errno_message("cannot load the BPF program", err));
    }
    obj->install_rcu_wait();
    obj->map_records();
    return obj;
}

// The per-host table: one region of the networks' slots per (bank, CPU).
void NetmonObject::size_host_table(const netmon_host_config &hosts,
                                   std::optional<uint64_t> sources_seed)
{
    host_slots_ = hosts.slots;
    skel_->rodata->netmon_host_cfg = hosts;
    skel_->rodata->netmon_host_cfg.sources_seed = sources_seed ? *sources_seed : random_seed();
    const uint64_t entries = uint64_t{NETMON_NUM_BANKS} * cpus_ * hosts.slots;
    if (entries > UINT32_MAX)
        throw Error("the per-host counters need too many entries", kExitUsage);
    const auto n = static_cast<uint32_t>(std::max<uint64_t>(entries, 1));
    if (int err = bpf_map__set_max_entries(skel_->maps.host_counters, n))
        throw Error(errno_message("cannot size the per-host counters", err));
    if (int err = bpf_map__set_max_entries(skel_->maps.host_sources, n))
        throw Error(errno_message("cannot size the per-host sources", err));
}

bpf_map *NetmonObject::host_counters_map() const { return skel_->maps.host_counters; }
bpf_map *NetmonObject::host_sources_map() const { return skel_->maps.host_sources; }
int NetmonObject::host_unheld_fd() const { return bpf_map__fd(skel_->maps.host_unheld); }

// The one element the flip re-stores (see rcu_wait in bpf/maps.h).
void NetmonObject::install_rcu_wait()
{
    rcu_wait_inner_ = Fd(bpf_map_create(BPF_MAP_TYPE_ARRAY, "rcu_wait_inner", sizeof(uint32_t),
                                        sizeof(uint32_t), 1, nullptr));
    if (!rcu_wait_inner_)
        throw Error(errno_message("cannot create the generation switch", -errno));
    const uint32_t key = 0;
    const int fd = rcu_wait_inner_.get();
    if (bpf_map_update_elem(rcu_wait_fd(), &key, &fd, BPF_ANY))
        throw Error(errno_message("cannot install the generation switch", -errno));
}

namespace {

MappedMemory map_array(bpf_map *map, size_t value_size, int prot, const char *what)
{
    const size_t bytes = size_t{bpf_map__max_entries(map)} * value_size;
    void *addr = mmap(nullptr, bytes, prot, MAP_SHARED, bpf_map__fd(map), 0);
    if (addr == MAP_FAILED)
        throw Error(errno_message(std::string("cannot map the ") + what, -errno));
    return {addr, bytes};
}

} // namespace

// The records are only read here; the index slots they name and the counts
// are zeroed once their regions are copied.
void NetmonObject::map_records()
{
    records_ =
        map_array(skel_->maps.flow_records, sizeof(netmon_flow_record), PROT_READ, "flow records");
    index_ = map_array(skel_->maps.flow_index, sizeof(netmon_index_bucket), PROT_READ | PROT_WRITE,
                       "flow index");
    records_used_ = map_array(skel_->maps.records_used, sizeof(netmon_records_used),
                              PROT_READ | PROT_WRITE, "record counts");
}

NetmonObject::~NetmonObject() { netmon_bpf__destroy(skel_); }

int NetmonObject::xdp_prog_fd() const { return bpf_program__fd(skel_->progs.netmon_xdp); }
int NetmonObject::egress_prog_fd() const { return bpf_program__fd(skel_->progs.netmon_egress); }
bpf_object *NetmonObject::object() const { return skel_->obj; }
int NetmonObject::filtered_out_prog_fd() const
{
    return bpf_program__fd(skel_->progs.netmon_xdp_filtered_out);
}
int NetmonObject::filter_verdicts_fd() const { return bpf_map__fd(skel_->maps.filter_verdicts); }
int NetmonObject::egress_filtered_out_prog_fd() const
{
    return bpf_program__fd(skel_->progs.netmon_egress_filtered_out);
}
int NetmonObject::egress_filter_verdicts_fd() const
{
    return bpf_map__fd(skel_->maps.egress_filter_verdicts);
}
int NetmonObject::counters_fd() const { return bpf_map__fd(skel_->maps.counters); }
int NetmonObject::rcu_wait_fd() const { return bpf_map__fd(skel_->maps.rcu_wait); }
int NetmonObject::rcu_wait_inner_fd() const { return rcu_wait_inner_.get(); }
int NetmonObject::flow_records_fd() const { return bpf_map__fd(skel_->maps.flow_records); }
int NetmonObject::flow_index_fd() const { return bpf_map__fd(skel_->maps.flow_index); }
int NetmonObject::records_used_fd() const { return bpf_map__fd(skel_->maps.records_used); }
uint32_t NetmonObject::index_buckets() const { return netmon_index_buckets(max_flows_); }

const netmon_flow_record *NetmonObject::records(uint32_t bank, uint32_t cpu) const
{
    const size_t region = netmon_flow_region(bank, cpu, cpus_);
    return static_cast<const netmon_flow_record *>(records_.get()) + region * max_flows_;
}

netmon_index_bucket *NetmonObject::index(uint32_t bank, uint32_t cpu) const
{
    const size_t region = netmon_flow_region(bank, cpu, cpus_);
    return static_cast<netmon_index_bucket *>(index_.get()) + region * index_buckets();
}

netmon_records_used &NetmonObject::records_used(uint32_t bank, uint32_t cpu) const
{
    return static_cast<netmon_records_used *>(
        records_used_.get())[netmon_flow_region(bank, cpu, cpus_)];
}

size_t NetmonObject::mapped_bytes() const
{
    return records_.size() + index_.size() + records_used_.size();
}

uint32_t NetmonObject::active_generation() const
{
    return __atomic_load_n(&skel_->bss->active_generation, __ATOMIC_RELAXED); // only we store it
}

// What a program that reads the new generation relies on: the bank it
// selects was emptied (GenerationReader::copy_flow_records zeroes its index
// slots and record counts) before this store. The release orders those stores before it; on
// the program's side the region's address depends on the generation it
// read, and dependent reads are ordered on every architecture Linux runs
// BPF on (the order rcu_dereference relies on). That is enough: the reverse
// direction, no program still writing the bank the poll then reads, is the
// RCU grace period's job (GenerationReader::wait_for_readers), whose full
// barriers also make this store visible to every program that starts after
// it.
void NetmonObject::set_active_generation(uint32_t generation)
{
    __atomic_store_n(&skel_->bss->active_generation, generation, __ATOMIC_RELEASE);
}
void NetmonObject::set_replay_clock(uint64_t ns) { skel_->bss->replay_clock_ns = ns; }
void NetmonObject::set_replay_frame_len(uint32_t len) { skel_->bss->replay_frame_len = len; }

int NetmonObject::replay_batch_prog_fd() const
{
    return bpf_program__fd(skel_->progs.netmon_replay_batch);
}
netmon_replay_frame *NetmonObject::replay_batch_entries() { return skel_->bss->replay_batch; }
void NetmonObject::set_replay_batch_frames(uint32_t n) { skel_->bss->replay_batch_frames = n; }
uint32_t NetmonObject::replay_batch_counted() const { return skel_->bss->replay_batch_counted; }

} // namespace netmon
