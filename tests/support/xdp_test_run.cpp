#include "support/xdp_test_run.h"

#include <bpf/bpf.h>
#include <cstring>
#include <linux/bpf.h>
#include <vector>

#include "core/error.h"

namespace netmon::filter {

uint32_t run_xdp_once(int prog_fd, std::span<const uint8_t> frame,
                      std::optional<uint32_t> wire_length)
{
    std::vector<uint8_t> data;
    xdp_md ctx{};
    if (wire_length) {
        // With ctx_in, the first ctx.data bytes of data_in become metadata.
        const uint32_t meta = *wire_length;
        data.resize(sizeof(meta));
        std::memcpy(data.data(), &meta, sizeof(meta));
        ctx.data = sizeof(meta);
    }
    data.insert(data.end(), frame.begin(), frame.end());
    ctx.data_end = static_cast<uint32_t>(data.size());

    LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = data.data(),
                .data_size_in = static_cast<__u32>(data.size()), .ctx_in = &ctx,
                .ctx_size_in = sizeof(ctx), .repeat = 1);
    if (!wire_length) {
        opts.ctx_in = nullptr;
        opts.ctx_size_in = 0;
    }
    const int err = bpf_prog_test_run_opts(prog_fd, &opts);
    if (err != 0)
        throw Error(errno_message("BPF_PROG_TEST_RUN failed", err));
    return opts.retval;
}

} // namespace netmon::filter
