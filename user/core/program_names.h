// The names netmon-xdp's programs carry in the kernel, in one place: the
// loader checks the skeleton against them, the filter names its program
// with one, and `detach` recognises ours by them (and leaves others alone).
#pragma once

#include <array>
#include <string_view>

namespace netmon {

inline constexpr std::string_view kXdpProgramName = "netmon_xdp";       // bpf/netmon.bpf.c
inline constexpr std::string_view kEgressProgramName = "netmon_egress"; // bpf/netmon.bpf.c
inline constexpr std::string_view kFilterProgramName = "netmon_filter"; // user/filter/
// The filter's TC translation, on the egress hook (at most 15 characters).
inline constexpr std::string_view kEgressFilterProgramName = "netmon_egfilter";

// The ones that are ever attached to an interface.
inline constexpr std::array<std::string_view, 4> kAttachedProgramNames = {
    kXdpProgramName, kFilterProgramName, kEgressProgramName, kEgressFilterProgramName};

} // namespace netmon
