#include "filter/xdp_filter_loader.h"

#include <bpf/bpf.h>
#include <cerrno>
#include <string>

#include "core/error.h"

namespace netmon::filter {

namespace {

constexpr size_t kVerifierLogSize = 1 << 20;
constexpr size_t kLogTailShown = 4096; // the reason is at the end of the log

int load(const std::vector<bpf_insn> &insns, const char *name, char *log, size_t log_size)
{
    // expected_attach_type as libbpf sets it for SEC("xdp.frags"): programs
    // in one program array must agree on it as well as on the frags flag.
    LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_XDP,
                .prog_flags = BPF_F_XDP_HAS_FRAGS, .log_level = log ? 1u : 0u,
                .log_size = static_cast<__u32>(log_size), .log_buf = log);
    return bpf_prog_load(BPF_PROG_TYPE_XDP, name, "Dual BSD/GPL", insns.data(), insns.size(),
                         &opts);
}

} // namespace

Fd load_xdp_filter(const std::vector<bpf_insn> &insns, const char *name)
{
    int fd = load(insns, name, nullptr, 0);
    if (fd >= 0)
        return Fd(fd);

    // Load again with a log: only now is the verifier's reason worth its cost.
    std::string log(kVerifierLogSize, '\0');
    fd = load(insns, name, log.data(), log.size());
    if (fd >= 0)
        return Fd(fd);
    const int err = errno;
    log.resize(log.find('\0'));
    if (log.size() > kLogTailShown)
        log = "...\n" + log.substr(log.size() - kLogTailShown);
    std::string message = errno_message("kernel rejected the filter program", err);
    if (!log.empty())
        message += "\nverifier log:\n" + log;
    throw Error(message);
}

} // namespace netmon::filter
