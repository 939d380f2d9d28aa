#include "replay/frame_feeder.h"

#include <bpf/bpf.h>
#include <linux/bpf.h>

#include <algorithm>
#include <cstring>

#include "core/error.h"

namespace netmon::replay {

void append_fed_frame(std::span<const uint8_t> captured, std::vector<uint8_t> &out)
{
    if (captured.size() < kMinFedFrame) {
        out.resize(out.size() + kMinFedFrame, 0);
        return;
    }
    const size_t length = std::min(captured.size(), kMaxFedFrame);
    out.insert(out.end(), captured.begin(), captured.begin() + static_cast<ptrdiff_t>(length));
}

void FrameFeeder::feed(std::span<const uint8_t> captured, uint32_t wire_length)
{
    buffer_.resize(sizeof(wire_length));
    std::memcpy(buffer_.data(), &wire_length, sizeof(wire_length));
    append_fed_frame(captured, buffer_);

    // With ctx_in, the first ctx.data bytes of data_in become metadata.
    xdp_md ctx{};
    ctx.data = sizeof(wire_length);
    ctx.data_end = static_cast<uint32_t>(buffer_.size());
    LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = buffer_.data(),
                .data_size_in = static_cast<uint32_t>(buffer_.size()), .ctx_in = &ctx,
                .ctx_size_in = sizeof(ctx), .repeat = 1);
    if (int err = bpf_prog_test_run_opts(prog_fd_, &opts))
        throw Error(errno_message("the kernel refused to run the XDP program on a frame of " +
                                      std::to_string(captured.size()) + " bytes",
                                  err));
}

} // namespace netmon::replay
