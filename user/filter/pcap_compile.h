// A tcpdump filter expression compiled to classic BPF by libpcap.
#pragma once

#include <linux/filter.h>

#include <string>
#include <vector>

namespace netmon::filter {

// Compiles `expression` for Ethernet frames (DLT_EN10MB, snaplen 262144,
// optimised, netmask unknown), exactly as `tcpdump -d` would.
// Throws netmon::Error (kExitUsage) with libpcap's message if it is invalid
// (the expression quoted as core/excerpt.h shortens it), or if it nests
// deeper than filter_nesting.h allows.
std::vector<sock_filter> compile_pcap_filter(const std::string &expression);

} // namespace netmon::filter
