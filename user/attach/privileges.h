// Checks, before touching the kernel, that we may load and attach XDP.
#pragma once

namespace netmon {

// Throws netmon::Error(kExitNoPermission) naming what is missing unless the
// process has CAP_NET_ADMIN, CAP_BPF and CAP_PERFMON (CAP_SYS_ADMIN implies
// the last two; the verifier accepts the flow table's pointer arithmetic
// only with CAP_PERFMON).
void require_bpf_privileges();

} // namespace netmon
