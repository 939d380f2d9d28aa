// Addresses of the flow key as text: IPv4, IPv6 (RFC 5952) and MAC.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace netmon {

using AddressBytes = std::span<const uint8_t, 16>;

// "aa:bb:cc:dd:ee:ff" from the first 6 bytes.
std::string format_mac(AddressBytes addr);
// By `kind` (enum netmon_flow_kind): NETMON_KIND_IPV4 prints the mapped
// a.b.c.d, NETMON_KIND_IPV6 the compressed RFC 5952 form, L2 the MAC.
std::string format_address(uint8_t kind, AddressBytes addr);
// Address with a port: "10.0.0.1:443", "[2001:db8::1]:443".
std::string format_endpoint(uint8_t kind, AddressBytes addr, uint16_t port);

} // namespace netmon
