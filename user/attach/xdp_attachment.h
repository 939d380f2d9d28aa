// An XDP program attached to one interface through a bpf_link: closing the
// link (or the process dying, even by SIGKILL) detaches it.
#pragma once

#include <optional>
#include <string>

#include "attach/interface.h"
#include "core/fd.h"

namespace netmon {

enum class XdpMode { Auto, Native, Generic };

// Parses "auto" | "native" | "generic".
std::optional<XdpMode> parse_xdp_mode(const std::string &text);

class XdpAttachment {
  public:
    // Attaches prog_fd to iface. Refuses, naming it, if another XDP program
    // is there, unless force (then a program attached through netlink is
    // replaced; one held by another process's bpf_link cannot be).
    // notice receives a line for the user (e.g. the fallback to generic).
    static XdpAttachment attach(int prog_fd, const Interface &iface, XdpMode mode, bool force,
                                std::string &notice);

    // The mode in use: Native or Generic (Auto resolved).
    XdpMode mode() const { return mode_; }

  private:
    XdpAttachment(Fd link, XdpMode mode) : link_(std::move(link)), mode_(mode) {}
    Fd link_;
    XdpMode mode_;
};

} // namespace netmon
