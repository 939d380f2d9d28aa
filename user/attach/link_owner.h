// Who holds the bpf_link attaching XDP to an interface: the kernel knows
// the link, not its process, so (as bpftool does) the processes are found
// by the link id in /proc/<pid>/fdinfo/<fd>.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netmon {

struct LinkHolder {
    pid_t pid = 0;
    std::string command; // /proc/<pid>/comm
};

struct XdpLinkOwner {
    uint32_t link_id = 0;
    std::vector<LinkHolder> holders; // empty when no visible process holds it
};

// The XDP bpf_link attaching program `prog_id` to `ifindex`, if the program
// there is attached by one. Both must match: an ifindex is only unique
// within its network namespace, and a link's info does not name that.
std::optional<XdpLinkOwner> xdp_link_owner(int ifindex, uint32_t prog_id);

// The processes with a file descriptor on link `link_id`, reading
// `proc_root` ("/proc", or a test's copy).
std::vector<LinkHolder> link_holders(uint32_t link_id, const std::string &proc_root = "/proc");

} // namespace netmon
