#include "attach/tc_egress_attachment.h"
#include "attach/tcx.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "core/error.h"

namespace netmon {

namespace {

bool fallback_forced()
{
    const char *v = std::getenv(kForceTcFallbackEnv);
    return v && std::strcmp(v, "1") == 0;
}

// libbpf 1.1 has no TCX API, but its bpf_link_create passes an attach type
// it does not know straight to BPF_LINK_CREATE with target_ifindex.
Fd create_tcx_link(int prog_fd, int ifindex)
{
    int fd =
        bpf_link_create(prog_fd, ifindex, static_cast<bpf_attach_type>(kBpfTcxEgress), nullptr);
    return Fd(fd < 0 ? -1 : fd);
}

bpf_tc_hook egress_hook(int ifindex)
{
    bpf_tc_hook hook{};
    hook.sz = sizeof(hook);
    hook.ifindex = ifindex;
    hook.attach_point = BPF_TC_EGRESS;
    return hook;
}

} // namespace

TcEgressAttachment::TcEgressAttachment(TcEgressAttachment &&other) noexcept
    : iface_(std::move(other.iface_)), link_(std::move(other.link_)),
      filter_added_(std::exchange(other.filter_added_, false)),
      qdisc_created_(std::exchange(other.qdisc_created_, false))
{
}

TcEgressAttachment TcEgressAttachment::attach(int prog_fd, const Interface &iface,
                                              std::string &notice)
{
    TcEgressAttachment a(iface);
    int tcx_err = 0;
    if (!fallback_forced()) {
        a.link_ = create_tcx_link(prog_fd, iface.ifindex);
        if (a.link_)
            return a;
        tcx_err = errno;
        // EINVAL: a kernel without TCX. Anything else is a real refusal.
        if (tcx_err != EINVAL)
            throw Error(errno_message("cannot attach the egress program to '" + iface.name + "'",
                                      -tcx_err));
    }

    bpf_tc_hook hook = egress_hook(iface.ifindex);
    int err = bpf_tc_hook_create(&hook);
    if (err && err != -EEXIST)
        throw Error(errno_message("cannot add a clsact qdisc to '" + iface.name + "'", err));
    a.qdisc_created_ = err == 0;

    LIBBPF_OPTS(bpf_tc_opts, opts, .prog_fd = prog_fd, .handle = kTcFallbackHandle,
                .priority = kTcFallbackPriority);
    err = bpf_tc_attach(&hook, &opts);
    if (err) {
        a.detach(); // the qdisc, if we made it
        if (err == -EEXIST)
            throw Error("interface '" + iface.name +
                            "' already has netmon-xdp's egress filter (left by a crash or "
                            "another run?); remove it with: netmon-xdp detach " +
                            iface.name,
                        kExitUsage);
        throw Error(errno_message("cannot attach the egress filter to '" + iface.name + "'", err));
    }
    a.filter_added_ = true;
    notice = iface.name + ": egress counted through a clsact filter (" +
             (tcx_err ? "no TCX in this kernel" : std::string(kForceTcFallbackEnv) + "=1") +
             "); if netmon-xdp is killed, remove it with: netmon-xdp detach " + iface.name;
    return a;
}

void TcEgressAttachment::detach()
{
    link_.reset();
    bpf_tc_hook hook = egress_hook(iface_.ifindex);
    if (filter_added_) {
        LIBBPF_OPTS(bpf_tc_opts, opts, .handle = kTcFallbackHandle,
                    .priority = kTcFallbackPriority);
        bpf_tc_detach(&hook, &opts); // the interface may be gone: nothing to do then
        filter_added_ = false;
    }
    if (qdisc_created_) {
        // BPF_TC_INGRESS|EGRESS is how libbpf names the clsact qdisc itself.
        hook.attach_point = static_cast<bpf_tc_attach_point>(BPF_TC_INGRESS | BPF_TC_EGRESS);
        bpf_tc_hook_destroy(&hook);
        qdisc_created_ = false;
    }
}

} // namespace netmon
