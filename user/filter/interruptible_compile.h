// libpcap's optimiser can take tens of seconds on a long filter (700 `host`
// terms: ~30 s) and pcap_compile() cannot be interrupted. The compile runs
// in a child process that hands the program back through a pipe, while this
// process waits on the pipe and a signalfd: Ctrl-C, SIGTERM or SIGHUP kill
// the child and end the run at once (nothing is attached yet).
#pragma once

#include <linux/filter.h>

#include <string>
#include <vector>

namespace netmon::filter {

// compile_pcap_filter() in a child process. Throws netmon::Error: the
// invalid expression as compile_pcap_filter() does (kExitUsage), and
// "interrupted by SIGINT while compiling the filter" with exit 128 + signal.
std::vector<sock_filter> compile_pcap_filter_interruptible(const std::string &expression);

} // namespace netmon::filter
