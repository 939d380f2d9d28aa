#include "bpf/netmon_object.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <cerrno>

#include "core/error.h"
#include "netmon_bpf.skel.h"

namespace netmon {

std::unique_ptr<NetmonObject> NetmonObject::load(const LoadOptions &opts)
{
    if (opts.max_flows == 0)
        throw Error("--max-flows must be at least 1", kExitUsage);

    netmon_bpf *skel = netmon_bpf__open();
    if (!skel)
        throw Error(errno_message("cannot open the BPF object", errno));
    // Owned from here: destroyed on any error below.
    std::unique_ptr<NetmonObject> obj(new NetmonObject(skel, opts.max_flows));

    skel->rodata->netmon_cfg.clock = opts.clock;
    for (bpf_map *m : {skel->maps.flows_slot0, skel->maps.flows_slot1}) {
        if (int err = bpf_map__set_max_entries(m, opts.max_flows))
            throw Error(errno_message("cannot size the flow table", err));
    }
    // The map-in-map's inner template keeps its compiled size: the kernel
    // does not compare max_entries of hash inner maps (bpf_map_meta_equal).

    if (int err = netmon_bpf__load(skel)) {
        if (err == -EPERM || err == -EACCES)
            throw Error("loading the BPF program was refused: netmon-xdp needs "
                        "root, or CAP_BPF and CAP_NET_ADMIN",
                        kExitNoPermission);
        if (err == -ENOMEM || err == -E2BIG)
            throw Error(errno_message("cannot create flow tables of " +
                                          std::to_string(opts.max_flows) +
                                          " flows (try a smaller --max-flows)",
                                      err));
        throw Error(errno_message("cannot load the BPF program", err));
    }
    return obj;
}

NetmonObject::~NetmonObject() { netmon_bpf__destroy(skel_); }

int NetmonObject::xdp_prog_fd() const { return bpf_program__fd(skel_->progs.netmon_xdp); }
int NetmonObject::filtered_out_prog_fd() const
{
    return bpf_program__fd(skel_->progs.netmon_xdp_filtered_out);
}
int NetmonObject::filter_verdicts_fd() const { return bpf_map__fd(skel_->maps.filter_verdicts); }
int NetmonObject::counters_fd() const { return bpf_map__fd(skel_->maps.counters); }
int NetmonObject::flow_tables_fd() const { return bpf_map__fd(skel_->maps.flow_tables); }

int NetmonObject::flow_table_fd(uint32_t slot) const
{
    return bpf_map__fd(slot == 0 ? skel_->maps.flows_slot0 : skel_->maps.flows_slot1);
}

uint32_t NetmonObject::active_slot() const { return skel_->bss->active_slot; }
void NetmonObject::set_active_slot(uint32_t slot) { skel_->bss->active_slot = slot; }
void NetmonObject::set_replay_clock(uint64_t ns) { skel_->bss->replay_clock_ns = ns; }
void NetmonObject::set_replay_frame_len(uint32_t len) { skel_->bss->replay_frame_len = len; }

} // namespace netmon
