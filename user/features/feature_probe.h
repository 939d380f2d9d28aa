// Probes the running kernel for the features kernel_features.h lists, so
// that a kernel lacking one is refused with one line before the program
// loads, instead of with a verifier log.
#pragma once

#include "features/kernel_features.h"

namespace netmon::features {

// For tests only: "bpf_loop=missing,tcx=present" replaces those probes'
// results (how the tests simulate an older kernel). See README.
inline constexpr const char *kProbeOverrideEnv = "NETMON_PROBE_OVERRIDE";

// Whether the running kernel has the feature. Needs the privileges a load
// needs: throws netmon::Error(kExitNoPermission) when refused for lack of them.
bool probe(Feature f);

// Probes what a run needs (each feature once per process), applies
// NETMON_PROBE_OVERRIDE, and throws netmon::Error naming the first missing
// feature and the Linux version that has it.
void require_kernel_features(bool attach, bool egress);

} // namespace netmon::features
