// Whether a classic BPF program may read scratch memory (M[k]) before any
// write to it. libpcap's interpreter does not initialise M[], so such a
// program has no defined verdict to compare against; the translation
// zeroes M[] (the verifier insists), which is one possible answer of many.
#pragma once

#include <linux/filter.h>

#include <vector>

namespace netmon::filter {

// True if some path from the first instruction reaches a load from M[k]
// (LD/LDX BPF_MEM) with no store to M[k] before it on that path. Follows
// jumps as they are, backward ones included; instructions past the end
// or jumps out of the program are treated as ending the path.
bool reads_unwritten_scratch(const std::vector<sock_filter> &classic);

} // namespace netmon::filter
