// One flow key as a line of text, the way iftop shows a conversation.
#pragma once

#include <cstdint>
#include <string>

#include "netmon/flow.h"

namespace netmon {

// ICMP and ICMPv6 keys carry type << 8 | code in dport (see flow.h).
bool is_icmp_flow(const netmon_flow_key &key);
uint8_t icmp_type(const netmon_flow_key &key);
uint8_t icmp_code(const netmon_flow_key &key);

// "10.0.0.1:443 → 10.0.0.2:51234 tcp", "[2001:db8::1]:53 → [2001:db8::2]:4000 udp",
// "10.0.0.1 → 10.0.0.2 icmp echo-request", "10.0.0.1 → 10.0.0.9 gre",
// "aa:bb:cc:dd:ee:ff → ff:ff:ff:ff:ff:ff arp".
std::string format_flow(const netmon_flow_key &key);

} // namespace netmon
