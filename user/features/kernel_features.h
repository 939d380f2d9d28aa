// The kernel features netmon-xdp needs, the first Linux version that has
// each, and the one line that refuses a kernel lacking one. Pure: the
// probes are in feature_probe.h.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netmon::features {

enum class Feature {
    Btf,           // /sys/kernel/btf/vmlinux: how the link types below are probed
    MmapableArray, // BPF_F_MMAPABLE arrays: the flow tables, .bss
    ArrayOfMaps,   // the rcu_wait map: its update waits for an RCU grace period
    CoarseClock,   // bpf_ktime_get_coarse_ns
    BpfLoop,       // bpf_loop: the flow table's probes, replay's batches
    XdpFrags,      // xdp.frags programs (BPF_F_XDP_HAS_FRAGS)
    XdpGetBuffLen, // bpf_xdp_get_buff_len: a multi-buffer frame's bytes
    XdpLink,       // bpf_link for XDP
    Tcx,           // TCX links for the egress program
    Clsact,        // TC BPF classifiers, for the clsact fallback
};

struct FeatureInfo {
    Feature feature;
    std::string_view key;   // its name in NETMON_PROBE_OVERRIDE
    std::string_view what;  // for the user
    std::string_view since; // first Linux version that has it
};

// Every feature, in the order a refusal names them.
const std::vector<FeatureInfo> &all_features();
const FeatureInfo &info(Feature f);

// One need of a run: any one of the alternatives satisfies it; `why` says
// what for, when that is not the whole program.
struct Requirement {
    std::vector<Feature> any_of;
    std::string_view why;
};

// What a run needs: replay loads the program and feeds it by test runs;
// attach also links it to interfaces, and with egress adds a TC program.
std::vector<Requirement> requirements(bool attach, bool egress);

// The oldest kernel that meets every requirement ("5.18").
std::string minimum_kernel(const std::vector<Requirement> &reqs);

// What the probes found; a feature absent from the map counts as missing.
using ProbeResults = std::map<Feature, bool>;

// Null when every requirement is met; otherwise one line naming the first
// unmet requirement and the kernel version that has it.
std::optional<std::string> refusal(const std::vector<Requirement> &reqs, const ProbeResults &found);

// NETMON_PROBE_OVERRIDE (tests only): "bpf_loop=missing,tcx=present"
// replaces those probes' results. Throws netmon::Error(kExitUsage) on an
// unknown feature or value.
ProbeResults parse_override(const std::string &text);

} // namespace netmon::features
