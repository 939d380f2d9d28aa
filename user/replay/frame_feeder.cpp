#include "replay/frame_feeder.h"

#include <bpf/bpf.h>
#include <linux/bpf.h>

#include <cstring>

#include "core/error.h"

namespace netmon::replay {

void append_fed_frame(std::span<const uint8_t> captured, std::vector<uint8_t> &out)
{
    if (captured.size() < kMinFedFrame) {
        out.resize(out.size() + kMinFedFrame, 0);
        return;
    }
    const size_t length = fed_frame_length(captured.size());
    out.insert(out.end(), captured.begin(), captured.begin() + static_cast<ptrdiff_t>(length));
}

uint32_t FrameFeeder::feed(std::span<const uint8_t> captured, uint32_t wire_length)
{
    // A runt is padded to 14 bytes: the captured length tells the filter
    // which of them are real (see TranslateOptions::frame_length_from_metadata).
    const uint32_t meta[2] = {wire_length, static_cast<uint32_t>(captured.size())};
    buffer_.resize(sizeof(meta));
    std::memcpy(buffer_.data(), meta, sizeof(meta));
    append_fed_frame(captured, buffer_);

    // With ctx_in, the first ctx.data bytes of data_in become metadata.
    xdp_md ctx{};
    ctx.data = sizeof(meta);
    ctx.data_end = static_cast<uint32_t>(buffer_.size());
    LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = buffer_.data(),
                .data_size_in = static_cast<uint32_t>(buffer_.size()), .ctx_in = &ctx,
                .ctx_size_in = sizeof(ctx), .repeat = 1);
    if (int err = bpf_prog_test_run_opts(prog_fd_, &opts))
        throw Error(errno_message("the kernel refused to run the XDP program on a frame of " +
                                      std::to_string(captured.size()) + " bytes",
                                  err));
    return opts.retval;
}

} // namespace netmon::replay
