#include "bpf/netmon_object.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <algorithm>
#include <cerrno>
#include <string>

#include "bpf/percpu.h"
#include "core/error.h"
#include "core/program_names.h"
#include "netmon_bpf.skel.h"

namespace netmon {

uint32_t default_max_flows()
{
    constexpr size_t kBudget = 131072, kFloor = 8192;
    return static_cast<uint32_t>(std::max(kFloor, kBudget / possible_cpus()));
}

std::unique_ptr<NetmonObject> NetmonObject::load(const LoadOptions &opts)
{
    if (opts.max_flows == 0)
        throw Error("--max-flows must be at least 1", kExitUsage);

    const auto cpus = static_cast<uint32_t>(possible_cpus());
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
    if (int err = bpf_map__set_max_entries(skel->maps.flow_tables, NETMON_NUM_SLOTS * cpus))
        throw Error(errno_message("cannot size the flow-table array", err));

    if (int err = netmon_bpf__load(skel)) {
        if (err == -EPERM || err == -EACCES)
            throw Error("loading the BPF program was refused: netmon-xdp needs "
                        "root, or CAP_BPF and CAP_NET_ADMIN",
                        kExitNoPermission);
        throw Error(errno_message("cannot load the BPF program", err));
    }
    obj->create_flow_tables();
    return obj;
}

// Preallocated, so inserting a flow never allocates on the packet path and
// elements sit at a fixed stride (144 B, see netmon_flow_value). The kernel
// does not compare max_entries of hash inner maps with the template
// (bpf_map_meta_equal), so their size is --max-flows.
void NetmonObject::create_flow_tables()
{
    flow_tables_.resize(size_t{NETMON_NUM_SLOTS} * cpus_);
    for (uint32_t slot = 0; slot < NETMON_NUM_SLOTS; slot++)
        for (uint32_t cpu = 0; cpu < cpus_; cpu++) {
            uint32_t index = netmon_flow_table_index(slot, cpu, cpus_);
            std::string name = "flows_s" + std::to_string(slot) + "_c" + std::to_string(cpu);
            Fd table(bpf_map_create(BPF_MAP_TYPE_HASH, name.substr(0, 15).c_str(),
                                    sizeof(netmon_flow_key), sizeof(netmon_flow_value), max_flows_,
                                    nullptr));
            if (!table) {
                int err = -errno;
                if (err == -EPERM || err == -EACCES)
                    throw Error("creating the flow tables was refused: netmon-xdp needs "
                                "root, or CAP_BPF and CAP_NET_ADMIN",
                                kExitNoPermission);
                if (err == -ENOMEM || err == -E2BIG)
                    throw Error(errno_message("cannot create " +
                                                  std::to_string(NETMON_NUM_SLOTS * cpus_) +
                                                  " flow tables of " + std::to_string(max_flows_) +
                                                  " flows (try a smaller --max-flows)",
                                              err));
                throw Error(errno_message("cannot create a flow table", err));
            }
            flow_tables_[index] = std::move(table);
        }
    install_flow_tables();
}

// Each update of a map-in-map waits for an RCU grace period (milliseconds);
// one batch update waits once, however many CPUs there are.
void NetmonObject::install_flow_tables()
{
    std::vector<uint32_t> keys;
    std::vector<int> fds;
    for (uint32_t i = 0; i < flow_tables_.size(); i++) {
        keys.push_back(i);
        fds.push_back(flow_tables_[i].get());
    }
    auto count = static_cast<uint32_t>(keys.size());
    if (bpf_map_update_batch(flow_tables_fd(), keys.data(), fds.data(), &count, nullptr) == 0)
        return;
    for (uint32_t i = 0; i < keys.size(); i++) // kernel without batch updates here
        if (bpf_map_update_elem(flow_tables_fd(), &keys[i], &fds[i], BPF_ANY))
            throw Error(errno_message("cannot install a flow table", -errno));
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
int NetmonObject::flow_tables_fd() const { return bpf_map__fd(skel_->maps.flow_tables); }

int NetmonObject::flow_table_fd(uint32_t slot, uint32_t cpu) const
{
    return flow_tables_.at(netmon_flow_table_index(slot, cpu, cpus_)).get();
}

uint32_t NetmonObject::active_slot() const { return skel_->bss->active_slot; }
void NetmonObject::set_active_slot(uint32_t slot) { skel_->bss->active_slot = slot; }
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
