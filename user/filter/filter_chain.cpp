#include "filter/filter_chain.h"

#include <bpf/bpf.h>

#include "core/error.h"
#include "core/program_names.h"
#include "filter/cbpf_to_xdp.h"
#include "filter/pcap_compile.h"
#include "filter/xdp_filter_loader.h"

namespace netmon::filter {

namespace {

void install(int prog_array_fd, uint32_t slot, int prog_fd)
{
    if (prog_fd < 0)
        return; // an empty slot: the tail call fails and the filter passes the frame
    const int err = bpf_map_update_elem(prog_array_fd, &slot, &prog_fd, BPF_ANY);
    if (err != 0)
        throw Error(errno_message(
            "cannot chain program " + std::to_string(prog_fd) + " after the filter", err));
}

} // namespace

FilterChain FilterChain::build(const std::string &expression, const ChainTargets &targets)
{
    return build(compile_pcap_filter(expression), targets);
}

FilterChain FilterChain::build(const std::vector<sock_filter> &classic, const ChainTargets &targets)
{
    // Loading the filter first makes it the program array's owner, so the
    // kernel checks the targets against it (XDP with frags, or TC) on insertion.
    const TranslateOptions options{.ending = Ending::TailCall,
                                   .prog_array_fd = targets.prog_array_fd,
                                   .frame_length_from_metadata = targets.length_from_metadata};
    // The names are literals: NUL-terminated.
    Fd filter =
        targets.egress
            ? load_tc_filter(translate_to_tc(classic, options), kEgressFilterProgramName.data())
            : load_xdp_filter(translate_to_xdp(classic, options), kFilterProgramName.data());
    install(targets.prog_array_fd, kMatchSlot, targets.on_match_fd);
    install(targets.prog_array_fd, kNoMatchSlot, targets.on_no_match_fd);
    return FilterChain(std::move(filter));
}

} // namespace netmon::filter
