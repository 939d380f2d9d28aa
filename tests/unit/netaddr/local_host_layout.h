// The local networks of the per-host tests (netaddr/host_layout.h and
// stats/local_host_table.h), built one way: a HostLayout of the given
// networks and an IPv4 address as the 16 bytes a slot holds.
#pragma once

#include <arpa/inet.h>

#include <array>
#include <cstdint>
#include <initializer_list>

#include "netaddr/host_layout.h"
#include "netaddr/local_nets.h"

namespace netmon::test {

// IPv4 as IPv4-mapped IPv6, as HostLayout stores and looks up addresses.
inline std::array<uint8_t, 16> v4(const char *text)
{
    std::array<uint8_t, 16> a{};
    a[10] = a[11] = 0xff;
    inet_pton(AF_INET, text, &a[12]);
    return a;
}

inline HostLayout layout_of(std::initializer_list<const char *> cidrs)
{
    LocalNets nets;
    for (const char *c : cidrs)
        nets.add(c);
    return HostLayout(nets);
}

} // namespace netmon::test
