#include "attach/stale_detach.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>
#include <net/if.h>

#include <cerrno>

#include "attach/tc_egress_attachment.h"
#include "attach/tcx.h"
#include "core/error.h"
#include "core/fd.h"
#include "core/program_names.h"

namespace netmon {

namespace {

std::string program_name(uint32_t id)
{
    Fd fd(bpf_prog_get_fd_by_id(id));
    bpf_prog_info info{};
    uint32_t len = sizeof(info);
    if (!fd || bpf_obj_get_info_by_fd(fd.get(), &info, &len) != 0)
        return {};
    return info.name;
}

std::string describe(const std::string &name, uint32_t id)
{
    return "'" + (name.empty() ? std::string("?") : name) + "' (id " + std::to_string(id) + ")";
}

// XDP through netlink: a bpf_link attachment refuses the netlink detach.
void detach_xdp(const std::string &iface, int ifindex, DetachReport &report)
{
    LIBBPF_OPTS(bpf_xdp_query_opts, q);
    if (bpf_xdp_query(ifindex, 0, &q) != 0 || q.attach_mode == XDP_ATTACHED_NONE)
        return;
    struct {
        uint32_t id;
        uint32_t flags;
    } modes[] = {{q.skb_prog_id, XDP_FLAGS_SKB_MODE}, {q.drv_prog_id, XDP_FLAGS_DRV_MODE}};
    for (const auto &m : modes) {
        if (!m.id)
            continue;
        std::string name = program_name(m.id);
        std::string what = "XDP program " + describe(name, m.id) + " on " + iface;
        if (!is_netmon_program_name(name)) {
            report.kept.push_back(what + ": not netmon-xdp's, left alone");
            continue;
        }
        if (bpf_xdp_detach(ifindex, m.flags, nullptr) == 0)
            report.removed.push_back(what);
        else
            report.kept.push_back(what + ": " +
                                  (errno == EBUSY ? "held by a running netmon-xdp (bpf_link); "
                                                    "stop that process"
                                                  : errno_message("cannot detach", -errno)));
    }
}

// The clsact fallback's filter, at its fixed handle and priority.
void detach_tc_filter(const std::string &iface, int ifindex, DetachReport &report)
{
    bpf_tc_hook hook{};
    hook.sz = sizeof(hook);
    hook.ifindex = ifindex;
    hook.attach_point = BPF_TC_EGRESS;
    LIBBPF_OPTS(bpf_tc_opts, query, .handle = kTcFallbackHandle, .priority = kTcFallbackPriority);
    if (bpf_tc_query(&hook, &query) != 0)
        return; // no clsact qdisc, or nothing at our handle
    std::string name = program_name(query.prog_id);
    std::string what = "egress filter " + describe(name, query.prog_id) + " on " + iface;
    if (!is_netmon_program_name(name)) {
        report.kept.push_back(what + ": not netmon-xdp's, left alone");
        return;
    }
    LIBBPF_OPTS(bpf_tc_opts, del, .handle = kTcFallbackHandle, .priority = kTcFallbackPriority);
    if (int err = bpf_tc_detach(&hook, &del))
        report.kept.push_back(what + ": " + errno_message("cannot detach", err));
    else
        report.removed.push_back(what + " (the clsact qdisc stays: other filters may use it)");
}

// TCX links die with their process: one found belongs to a running one.
void report_tcx_links(const std::string &iface, int ifindex, DetachReport &report)
{
    uint32_t ids[64];
    uint32_t count = 64;
    if (bpf_prog_query(ifindex, static_cast<bpf_attach_type>(kBpfTcxEgress), 0, nullptr, ids,
                       &count) != 0)
        return; // no TCX in this kernel, or nothing attached
    for (uint32_t i = 0; i < count; i++) {
        std::string name = program_name(ids[i]);
        if (is_netmon_program_name(name))
            report.kept.push_back("egress program " + describe(name, ids[i]) + " on " + iface +
                                  ": held by a running netmon-xdp (TCX link); stop that process");
    }
}

} // namespace

bool is_netmon_program_name(const std::string &name)
{
    for (std::string_view ours : kAttachedProgramNames)
        if (name == ours)
            return true;
    return false;
}

DetachReport detach_stale(const std::string &iface_name)
{
    unsigned ifindex = if_nametoindex(iface_name.c_str());
    if (ifindex == 0)
        throw Error("unknown interface '" + iface_name + "' (see: ip link show)", kExitUsage);
    DetachReport report;
    detach_xdp(iface_name, static_cast<int>(ifindex), report);
    detach_tc_filter(iface_name, static_cast<int>(ifindex), report);
    report_tcx_links(iface_name, static_cast<int>(ifindex), report);
    return report;
}

} // namespace netmon
