// `netmon-xdp detach IFACE`: removes netmon-xdp programs a killed process
// left attached through interfaces' non-link hooks (netlink XDP, a clsact
// egress filter). Programs of other tools are never touched; netmon-xdp's
// own bpf_links belong to running processes and are only reported.
#pragma once

#include <string>
#include <vector>

namespace netmon {

struct DetachReport {
    std::vector<std::string> removed; // one line per program removed
    std::vector<std::string> kept;    // found but left in place, with why
};

// Throws netmon::Error(kExitUsage) for an unknown interface.
DetachReport detach_stale(const std::string &iface_name);

// Program names netmon-xdp attaches (bpf_prog_info.name, 15 chars max).
bool is_netmon_program_name(const std::string &name);

} // namespace netmon
