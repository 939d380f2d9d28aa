// Names of IP protocols, EtherTypes and ICMP types. A small table of our own
// rather than getprotobynumber(), whose answers depend on /etc/protocols.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace netmon {

constexpr uint8_t kProtoIcmp = 1;
constexpr uint8_t kProtoTcp = 6;
constexpr uint8_t kProtoUdp = 17;
constexpr uint8_t kProtoIcmpv6 = 58;

// Display name ("TCP", "GRE", "IPv6-in-IPv4"); empty when not in our table.
std::string_view ip_protocol_name(uint8_t proto);
// Display name of a counter class that is not an IP protocol number (ARP,
// other EtherTypes, ...; see enum netmon_counter_index); empty for 0..255.
std::string_view counter_class_name(uint32_t cls);

// For flow lines: lower-case name ("tcp", "gre") or "proto 253".
std::string ip_protocol_label(uint8_t proto);
// True for protocols whose flow key carries ports (TCP, UDP, SCTP, ...).
bool ip_protocol_has_ports(uint8_t proto);

// For flow lines: "arp", "lldp", "802.3" (a length, not a type) or
// "ethertype 0x88b5".
std::string ethertype_label(uint16_t ethertype);
// "0x0806": how the JSON view spells an EtherType.
std::string ethertype_hex(uint16_t ethertype);

// "echo-request", "port-unreachable", or "type 42 code 1" when unknown.
std::string icmp_label(bool v6, uint8_t type, uint8_t code);

} // namespace netmon
