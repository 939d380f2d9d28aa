// Checks, before touching the kernel, that we may load and attach XDP.
#pragma once

namespace netmon {

// Throws netmon::Error(kExitNoPermission) naming what is missing unless the
// process has CAP_NET_ADMIN and CAP_BPF (or CAP_SYS_ADMIN, which implies it).
void require_bpf_privileges();

} // namespace netmon
