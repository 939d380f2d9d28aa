// Includes <pcap.h> in a translation unit that also sees <linux/bpf.h>.
//
// Both headers define a `struct bpf_insn` (classic in libpcap, eBPF in the
// kernel UAPI). libpcap's is renamed here to `pcap_bpf_insn`; its C
// functions are extern "C", so their symbols do not change. Include this
// header instead of <pcap.h> everywhere in netmon.
#pragma once

#define bpf_insn pcap_bpf_insn
#include <pcap/pcap.h>
#undef bpf_insn
