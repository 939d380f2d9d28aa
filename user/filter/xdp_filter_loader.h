// Loads a translated filter into the kernel as an XDP or a TC program.
#pragma once

#include <linux/bpf.h>

#include <vector>

#include "core/fd.h"

namespace netmon::filter {

// Loads `insns` as BPF_PROG_TYPE_XDP with BPF_F_XDP_HAS_FRAGS, so it can
// share a tail-call chain with the SEC("xdp.frags") counter and sees whole
// multi-buffer frames. Throws netmon::Error with the verifier log on failure.
Fd load_xdp_filter(const std::vector<bpf_insn> &insns, const char *name);

// Loads `insns` (translate_to_tc()) as BPF_PROG_TYPE_SCHED_CLS, as libbpf
// loads the SEC("tc") egress counter it tail-calls. Throws like the above.
Fd load_tc_filter(const std::vector<bpf_insn> &insns, const char *name);

} // namespace netmon::filter
