// TCX (Linux 6.6): the attach type for a TC egress bpf_link. Defined here
// because the installed UAPI header may predate it.
#pragma once

namespace netmon {

inline constexpr int kBpfTcxEgress = 47; // include/uapi/linux/bpf.h: BPF_TCX_EGRESS

} // namespace netmon
