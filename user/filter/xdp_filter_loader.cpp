#include "filter/xdp_filter_loader.h"

#include <bpf/bpf.h>
#include <cerrno>
#include <string>

#include "core/error.h"

namespace netmon::filter {

namespace {

constexpr size_t kVerifierLogSize = 1 << 20;
constexpr size_t kLogTailShown = 4096; // the reason is at the end of the log

// How a filter is loaded: as the programs it tail-calls were, since the
// programs in one program array must agree on type, attach type and flags.
struct ProgramKind {
    bpf_prog_type type;
    bpf_attach_type expected_attach_type;
    uint32_t flags;
};

// As libbpf loads SEC("xdp.frags").
constexpr ProgramKind kXdp{BPF_PROG_TYPE_XDP, BPF_XDP, BPF_F_XDP_HAS_FRAGS};
// As libbpf 1.1 loads SEC("tc"): no expected attach type (0).
constexpr ProgramKind kTc{BPF_PROG_TYPE_SCHED_CLS, static_cast<bpf_attach_type>(0), 0};

int load(const ProgramKind &kind, const std::vector<bpf_insn> &insns, const char *name, char *log,
         size_t log_size)
{
    LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = kind.expected_attach_type,
                .prog_flags = kind.flags, .log_level = log ? 1u : 0u,
                .log_size = static_cast<__u32>(log_size), .log_buf = log);
    return bpf_prog_load(kind.type, name, "Dual BSD/GPL", insns.data(), insns.size(), &opts);
}

Fd load_filter(const ProgramKind &kind, const std::vector<bpf_insn> &insns, const char *name)
{
    int fd = load(kind, insns, name, nullptr, 0);
    if (fd >= 0)
        return Fd(fd);
    // The first load's reason: the one below may end in ENOSPC only
    // because the log filled up.
    const int err = errno;
    if (err == E2BIG)
        throw Error("the filter is too complex for the kernel's verifier, which gave up before "
                    "proving it safe (a protochain loop is the usual cause): simplify the filter");

    // Load again with a log: only now is the verifier's reason worth its cost.
    std::string log(kVerifierLogSize, '\0');
    fd = load(kind, insns, name, log.data(), log.size());
    if (fd >= 0)
        return Fd(fd);
    log.resize(log.find('\0'));
    if (log.size() > kLogTailShown)
        log = "...\n" + log.substr(log.size() - kLogTailShown);
    std::string message = errno_message("kernel rejected the filter program", err);
    if (!log.empty())
        message += "\nverifier log:\n" + log;
    throw Error(message);
}

} // namespace

Fd load_xdp_filter(const std::vector<bpf_insn> &insns, const char *name)
{
    return load_filter(kXdp, insns, name);
}

Fd load_tc_filter(const std::vector<bpf_insn> &insns, const char *name)
{
    return load_filter(kTc, insns, name);
}

} // namespace netmon::filter
