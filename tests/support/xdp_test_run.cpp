#include "support/xdp_test_run.h"

#include <bpf/bpf.h>
#include <cstring>
#include <linux/bpf.h>
#include <vector>

#include "core/error.h"
#include "support/prog_test_run.h"

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

    test::ProgRun r =
        test::prog_test_run(prog_fd, data,
                            {.ctx = wire_length ? &ctx : nullptr,
                             .ctx_size = wire_length ? static_cast<uint32_t>(sizeof(ctx)) : 0,
                             .keep_output = false});
    if (r.err != 0)
        throw Error(errno_message("BPF_PROG_TEST_RUN failed", r.err));
    return r.retval;
}

int32_t run_tc_once(int prog_fd, std::span<const uint8_t> frame)
{
    test::ProgRun r = test::prog_test_run(prog_fd, frame, {.keep_output = false});
    if (r.err != 0)
        throw Error(errno_message("BPF_PROG_TEST_RUN failed", r.err));
    return static_cast<int32_t>(r.retval);
}

bool skb_test_run_refuses(std::span<const uint8_t> frame)
{
    constexpr size_t kEthernet = 14;
    if (frame.size() < kEthernet)
        return true;
    const unsigned ethertype = frame[12] << 8 | frame[13];
    return (ethertype == 0x0800 && frame.size() < kEthernet + 20) ||
           (ethertype == 0x86dd && frame.size() < kEthernet + 40);
}

} // namespace netmon::filter
