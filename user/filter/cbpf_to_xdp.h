// Translation of a classic BPF filter (libpcap's output) into a complete
// eBPF program that gives the same match/no-match answer per frame: an XDP
// program for ingress, or a SCHED_CLS (TC) program over the skb for egress.
#pragma once

#include <linux/bpf.h>
#include <linux/filter.h>

#include <cstdint>
#include <vector>

#include "netmon/flow.h"

namespace netmon::filter {

// What the program does with its answer.
enum class Ending {
    // Tests only: XDP returns XDP_PASS on match, XDP_DROP otherwise; TC
    // returns TC_ACT_OK on match, TC_ACT_UNSPEC otherwise (it never drops).
    Verdict,
    // Tail-call prog_array[kMatchSlot] or [kNoMatchSlot]; if that fails,
    // XDP_PASS (XDP) or TC_ACT_UNSPEC (TC): the frame always goes on.
    TailCall,
};

// Slots of the program array the filter tail-calls (enum netmon_filter_verdict).
inline constexpr uint32_t kMatchSlot = NETMON_FILTER_MATCH;
inline constexpr uint32_t kNoMatchSlot = NETMON_FILTER_NO_MATCH;

struct TranslateOptions {
    Ending ending = Ending::Verdict;
    int prog_array_fd = -1; // BPF_MAP_TYPE_PROG_ARRAY, for Ending::TailCall
    // Take `len` (BPF_LEN, used by `greater`/`less`) from a host-order u32 in
    // the first 4 bytes of XDP metadata when there are at least 4, else the
    // whole frame length. Lets a replay of truncated captures feed the
    // original wire length. With 8 bytes of metadata, the second u32 is the
    // captured length: a load past it does not match, as in libpcap, even
    // where the frame was padded (the kernel runs nothing under 14 bytes).
    // XDP only: TC has no metadata (translate_to_tc() refuses it).
    bool frame_length_from_metadata = false;
};

// Throws netmon::Error if the classic program is invalid or uses something
// the translation does not support. Backward jumps (libpcap's `protochain`
// loop) become bounded loops: see emit_jmp() in the .cpp.
std::vector<bpf_insn> translate_to_xdp(const std::vector<sock_filter> &classic,
                                       const TranslateOptions &options);

// The same as a BPF_PROG_TYPE_SCHED_CLS program for the TC egress hook:
// reads the skb's linear data directly and anything beyond it (the paged
// part of a non-linear skb) with bpf_skb_load_bytes(), so every load is
// decided on the frame's real bytes; `len` is skb->len.
std::vector<bpf_insn> translate_to_tc(const std::vector<sock_filter> &classic,
                                      const TranslateOptions &options);

} // namespace netmon::filter
