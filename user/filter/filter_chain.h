// The --filter entry point: the user's filter translated to XDP (ingress) or
// TC (egress), attached in place of the counter, tail-calling the counter for
// matching frames and the "filtered out" program for the others
// (filter_verdicts and egress_filter_verdicts in bpf/maps.h).
#pragma once

#include <linux/filter.h>

#include <string>
#include <vector>

#include "core/fd.h"

namespace netmon::filter {

struct ChainTargets {
    int prog_array_fd = -1;  // BPF_MAP_TYPE_PROG_ARRAY with 2 entries
    int on_match_fd = -1;    // e.g. netmon_xdp
    int on_no_match_fd = -1; // e.g. netmon_xdp_filtered_out; -1: pass uncounted
    // Replay: `len` (greater/less) is the wire length the caller puts in the
    // frame's XDP metadata, not the captured length, as in libpcap; loads
    // past the captured length there do not match (a padded runt).
    bool length_from_metadata = false;
    // The egress hook: a TC (SCHED_CLS) filter; the array and both targets
    // are TC programs (netmon_egress, netmon_egress_filtered_out).
    bool egress = false;
};

class FilterChain {
  public:
    // Compiles and loads the filter, then fills the program array. Both
    // targets must be XDP programs loaded with BPF_F_XDP_HAS_FRAGS
    // (SEC("xdp.frags")) like the filter, or SEC("tc") programs for an
    // egress chain, or the kernel refuses them.
    // Throws netmon::Error (kExitUsage for an invalid expression).
    static FilterChain build(const std::string &expression, const ChainTargets &targets);
    // The same from a program compiled before (compile once, however many
    // interfaces; see interruptible_compile.h).
    static FilterChain build(const std::vector<sock_filter> &classic, const ChainTargets &targets);

    // The program to attach to the interface.
    int entry_prog_fd() const { return filter_.get(); }

  private:
    explicit FilterChain(Fd filter) : filter_(std::move(filter)) {}

    Fd filter_; // holds a reference to the program array, which holds the targets
};

} // namespace netmon::filter
