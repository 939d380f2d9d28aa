// Feeds captured frames to the kernel in batches: many frames packed into
// one buffer, counted by netmon_replay_batch in one BPF_PROG_TEST_RUN, so a
// replay pays one syscall per batch instead of one per frame. Each frame is
// counted exactly as FrameFeeder's single test run counts it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "loader/netmon_object.h"

namespace netmon::replay {

// A test run's linear data: a 4 KiB page less XDP's 256 bytes of headroom
// and the 320 of skb_shared_info. Larger input would go to fragments, which
// the parser does not read through.
inline constexpr size_t kBatchBytes = 3520;

class BatchFeeder {
  public:
    // obj must be loaded with NETMON_CLOCK_REPLAY.
    explicit BatchFeeder(NetmonObject &obj) : obj_(obj) {}

    // Whether a captured frame of this many bytes can go into a batch;
    // a larger one goes to FrameFeeder, after a flush().
    static bool fits(size_t captured_length);

    // Adds a frame (fits() must hold); runs the batch first if the frame
    // does not fit in what is left of it. Throws netmon::Error if the
    // kernel refuses a run or counts less than it was given.
    void add(std::span<const uint8_t> captured, uint32_t wire_length, uint64_t timestamp_ns);
    // Counts the frames added so far; nothing to do if there are none.
    void flush();

  private:
    NetmonObject &obj_;
    // Frames are written from the end towards the start: the last frame
    // added lies first, as the program needs (see struct netmon_replay_frame).
    std::array<uint8_t, kBatchBytes> buffer_{};
    size_t start_ = kBatchBytes; // where the first byte of the batch is
    uint32_t frames_ = 0;
};

} // namespace netmon::replay
