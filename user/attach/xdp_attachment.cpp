#include "attach/xdp_attachment.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>

#include <cerrno>

#include "attach/link_owner.h"
#include "core/error.h"

namespace netmon {

namespace {

struct ExistingProgram {
    uint32_t id = 0;
    std::string name;
    std::string mode;
    uint32_t detach_flags = 0; // the netlink flags that address its mode
};

std::optional<ExistingProgram> existing_xdp_program(int ifindex)
{
    LIBBPF_OPTS(bpf_xdp_query_opts, q);
    if (bpf_xdp_query(ifindex, 0, &q) != 0 || q.attach_mode == XDP_ATTACHED_NONE)
        return std::nullopt;
    ExistingProgram p;
    p.id = q.prog_id
               ? q.prog_id
               : (q.drv_prog_id ? q.drv_prog_id : (q.skb_prog_id ? q.skb_prog_id : q.hw_prog_id));
    switch (q.attach_mode) {
    case XDP_ATTACHED_SKB:
        p.mode = "generic";
        p.detach_flags = XDP_FLAGS_SKB_MODE;
        break;
    case XDP_ATTACHED_DRV:
        p.mode = "native";
        p.detach_flags = XDP_FLAGS_DRV_MODE;
        break;
    case XDP_ATTACHED_HW:
        p.mode = "offload";
        p.detach_flags = XDP_FLAGS_HW_MODE;
        break;
    default:
        p.mode = "several modes";
        break;
    }
    Fd fd(bpf_prog_get_fd_by_id(p.id));
    bpf_prog_info info{};
    uint32_t len = sizeof(info);
    if (fd && bpf_obj_get_info_by_fd(fd.get(), &info, &len) == 0)
        p.name = info.name;
    return p;
}

std::string describe(const ExistingProgram &p)
{
    return "'" + (p.name.empty() ? std::string("?") : p.name) + "' (id " + std::to_string(p.id) +
           ", " + p.mode + " mode)";
}

Fd create_link(int prog_fd, int ifindex, uint32_t flags)
{
    LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = flags);
    int fd = bpf_link_create(prog_fd, ifindex, BPF_XDP, &opts);
    return Fd(fd < 0 ? -1 : fd);
}

std::string describe(const std::vector<LinkHolder> &holders)
{
    std::string out;
    for (const LinkHolder &h : holders)
        out += (out.empty() ? "" : ", ") + std::string("pid ") + std::to_string(h.pid) +
               (h.command.empty() ? "" : " (" + h.command + ")");
    return out;
}

bool is_netmon(const ExistingProgram &p, const std::optional<XdpLinkOwner> &owner)
{
    // Our entry programs are netmon_xdp, or the filter's netmon_filter.
    if (p.name.rfind("netmon_", 0) == 0)
        return true;
    if (owner)
        for (const LinkHolder &h : owner->holders)
            if (h.command == "netmon-xdp")
                return true;
    return false;
}

} // namespace

std::optional<XdpMode> parse_xdp_mode(const std::string &text)
{
    if (text == "auto")
        return XdpMode::Auto;
    if (text == "native")
        return XdpMode::Native;
    if (text == "generic")
        return XdpMode::Generic;
    return std::nullopt;
}

XdpAttachment XdpAttachment::attach(int prog_fd, const Interface &iface, XdpMode mode, bool force,
                                    std::string &notice)
{
    if (auto existing = existing_xdp_program(iface.ifindex)) {
        const auto owner = xdp_link_owner(iface.ifindex, existing->id);
        const std::string pids = owner && !owner->holders.empty()
                                     ? " (" + describe(owner->holders) + ")"
                                     : std::string();
        const bool netmon = owner && is_netmon(*existing, owner);
        // A running netmon-xdp holds its program through its link: say so
        // rather than suggest --force, which cannot take a link anyway.
        if (netmon && !force)
            throw Error("interface '" + iface.name + "' already has an XDP program " +
                            describe(*existing) + ": another netmon-xdp monitors it" + pids +
                            "; stop that one first, one netmon-xdp per interface",
                        kExitUsage);
        if (owner && force)
            throw Error(
                "cannot replace the XDP program " + describe(*existing) + " on '" + iface.name +
                "': " + (netmon ? "another netmon-xdp monitors it" : "a bpf_link holds it") + pids +
                "; only its owner can remove it");
        if (!force)
            throw Error("interface '" + iface.name + "' already has an XDP program " +
                            describe(*existing) +
                            "; netmon-xdp leaves it in place (use --force to replace it)",
                        kExitUsage);
        // Only netlink attachments can be removed this way; a bpf_link
        // belongs to the process holding it and makes this fail with EBUSY.
        if (bpf_xdp_detach(iface.ifindex, existing->detach_flags, nullptr) != 0)
            throw Error(errno_message("cannot replace the XDP program " + describe(*existing) +
                                          " on '" + iface.name +
                                          "' (a bpf_link owned by another process?)",
                                      -errno));
        notice = "replaced the XDP program " + describe(*existing) + " on " + iface.name;
    }

    if (mode == XdpMode::Generic) {
        Fd link = create_link(prog_fd, iface.ifindex, XDP_FLAGS_SKB_MODE);
        if (!link)
            throw Error(
                errno_message("cannot attach in generic mode to '" + iface.name + "'", -errno));
        return XdpAttachment(std::move(link), XdpMode::Generic);
    }
    Fd link = create_link(prog_fd, iface.ifindex, XDP_FLAGS_DRV_MODE);
    if (link)
        return XdpAttachment(std::move(link), XdpMode::Native);
    int err = errno;
    if (mode == XdpMode::Native)
        throw Error(errno_message("cannot attach in native mode to '" + iface.name +
                                      "' (its driver may lack XDP support; try --mode generic)",
                                  -err));
    link = create_link(prog_fd, iface.ifindex, XDP_FLAGS_SKB_MODE);
    if (!link)
        throw Error(errno_message("cannot attach to '" + iface.name + "'", -errno));
    std::string why = errno_message("native mode", -err);
    notice = iface.name + ": " + why + "; using generic (skb) mode instead";
    return XdpAttachment(std::move(link), XdpMode::Generic);
}

} // namespace netmon
