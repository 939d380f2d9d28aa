// The addresses configured on an interface: the default local networks.
#pragma once

#include <string>
#include <vector>

namespace netmon {

// Each IPv4 and IPv6 address of the interface as a host prefix ("a.b.c.d/32",
// "x::y/128"): "local" then means this host, as on a server.
std::vector<std::string> interface_host_prefixes(const std::string &iface_name);

} // namespace netmon
