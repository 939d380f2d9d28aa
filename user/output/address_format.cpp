#include "output/address_format.h"

#include <arpa/inet.h>

#include <cstdio>

#include "netmon/flow.h"

namespace netmon {

std::string format_mac(AddressBytes a)
{
    char buf[18];
    std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", a[0], a[1], a[2], a[3], a[4],
                  a[5]);
    return buf;
}

std::string format_address(uint8_t kind, AddressBytes addr)
{
    char buf[INET6_ADDRSTRLEN];
    switch (kind) {
    case NETMON_KIND_IPV4:
        // The IPv4 address is the last 4 bytes of ::ffff:a.b.c.d.
        inet_ntop(AF_INET, addr.data() + 12, buf, sizeof buf);
        return buf;
    case NETMON_KIND_IPV6:
        // glibc's inet_ntop implements RFC 5952: longest zero run as "::",
        // a single zero group left alone, lower-case hex.
        inet_ntop(AF_INET6, addr.data(), buf, sizeof buf);
        return buf;
    default:
        return format_mac(addr);
    }
}

std::string format_endpoint(uint8_t kind, AddressBytes addr, uint16_t port)
{
    std::string host = format_address(kind, addr);
    if (kind == NETMON_KIND_IPV6)
        host = "[" + host + "]";
    return host + ":" + std::to_string(port);
}

} // namespace netmon
