#include "replay/batch_feeder.h"

#include <bpf/bpf.h>
#include <linux/bpf.h>

#include <cstring>
#include <string>

#include "core/error.h"
#include "replay/frame_feeder.h"

namespace netmon::replay {

bool BatchFeeder::fits(size_t captured_length)
{
    return fed_frame_length(captured_length) <= kBatchBytes;
}

void BatchFeeder::add(std::span<const uint8_t> captured, uint32_t wire_length,
                      uint64_t timestamp_ns)
{
    const size_t length = fed_frame_length(captured.size());
    if (length > start_ || frames_ == NETMON_REPLAY_BATCH_MAX)
        flush();
    start_ -= length;
    uint8_t *at = buffer_.data() + start_;
    // A runt is fed as 14 zero bytes, as FrameFeeder feeds it.
    if (captured.size() < kMinFedFrame)
        std::memset(at, 0, length);
    else
        std::memcpy(at, captured.data(), length);
    // The offset is made relative to the batch's start in flush().
    obj_.replay_batch_entries()[frames_++] = {.offset = static_cast<uint32_t>(start_),
                                              .length = static_cast<uint32_t>(length),
                                              .wire_length = wire_length,
                                              .pad = 0,
                                              .timestamp_ns = timestamp_ns};
}

void BatchFeeder::flush()
{
    if (frames_ == 0)
        return;
    netmon_replay_frame *entries = obj_.replay_batch_entries();
    for (uint32_t i = 0; i < frames_; i++)
        entries[i].offset -= static_cast<uint32_t>(start_);
    obj_.set_replay_batch_frames(frames_);

    const auto size = static_cast<uint32_t>(kBatchBytes - start_);
    LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = buffer_.data() + start_, .data_size_in = size,
                .repeat = 1);
    const uint32_t frames = frames_;
    frames_ = 0;
    start_ = kBatchBytes;
    if (int err = bpf_prog_test_run_opts(obj_.replay_batch_prog_fd(), &opts))
        throw Error(errno_message("the kernel refused to run the XDP program on a batch of " +
                                      std::to_string(frames) + " frames",
                                  err));
    if (obj_.replay_batch_counted() != frames)
        throw Error("the XDP program counted " + std::to_string(obj_.replay_batch_counted()) +
                    " frames of a batch of " + std::to_string(frames));
}

} // namespace netmon::replay
