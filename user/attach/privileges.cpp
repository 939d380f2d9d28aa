#include "attach/privileges.h"

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <string>

#include "core/error.h"

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

namespace netmon {

namespace {

bool has_capability(const __user_cap_data_struct (&data)[2], int cap)
{
    return data[cap / 32].effective & (1u << (cap % 32));
}

} // namespace

void require_bpf_privileges()
{
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2] = {};
    // No libcap for one syscall; capget is stable ABI.
    if (syscall(SYS_capget, &header, data) != 0)
        return; // cannot tell: let the kernel decide and report

    // CAP_SYS_ADMIN implies CAP_BPF and CAP_PERFMON; the verifier refuses
    // the flow table's pointer arithmetic without CAP_PERFMON.
    const bool admin = has_capability(data, CAP_SYS_ADMIN);
    std::string missing;
    const auto lacks = [&](const char *name) {
        missing += missing.empty() ? name : std::string(", ") + name;
    };
    if (!has_capability(data, CAP_BPF) && !admin)
        lacks("CAP_BPF");
    if (!has_capability(data, CAP_PERFMON) && !admin)
        lacks("CAP_PERFMON");
    if (!has_capability(data, CAP_NET_ADMIN))
        lacks("CAP_NET_ADMIN");
    if (!missing.empty())
        throw Error("this needs root, or the capabilities CAP_BPF, CAP_PERFMON and CAP_NET_ADMIN "
                    "(missing: " +
                        missing + "); try: sudo netmon-xdp ...",
                    kExitNoPermission);
}

} // namespace netmon
