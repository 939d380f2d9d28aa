// Feeds captured frames, one BPF_PROG_TEST_RUN each, to the XDP program
// replay counts with. The kernel's limits on test-run input decide what it
// hands over; the counted length is always the frame's length on the wire.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace netmon::replay {

// The kernel refuses test-run frames shorter than an Ethernet header.
inline constexpr size_t kMinFedFrame = 14;
// What the kernel accepts at most: 3520 linear bytes (a page less XDP
// headroom and skb_shared_info) plus MAX_SKB_FRAGS (17) pages of fragments
// for xdp.frags programs; 64 KiB stays well inside that.
inline constexpr size_t kMaxFedFrame = 65536;

// How many bytes a test run gets for a captured frame of this length.
inline size_t fed_frame_length(size_t captured_length)
{
    return captured_length < kMinFedFrame   ? kMinFedFrame
           : captured_length > kMaxFedFrame ? kMaxFedFrame
                                            : captured_length;
}

// The bytes a test run gets for a captured frame, appended to `out`: for a
// runt, 14 zero bytes (the parser reads an all-zero header exactly as it
// reads a runt: other L2, all-zero key); frames over kMaxFedFrame cut (the
// parser only reads the 3520 linear bytes).
void append_fed_frame(std::span<const uint8_t> captured, std::vector<uint8_t> &out);

class FrameFeeder {
  public:
    explicit FrameFeeder(int prog_fd) : prog_fd_(prog_fd) {}

    // Runs the program once on the frame. wire_length and the captured
    // length travel in 8 bytes of XDP metadata (host order) for a filter
    // that reads BPF_LEN and its load bound from there.
    // Returns the program's XDP action. Throws netmon::Error if the kernel
    // refuses the run.
    uint32_t feed(std::span<const uint8_t> captured, uint32_t wire_length);

  private:
    int prog_fd_;
    std::vector<uint8_t> buffer_; // metadata + frame, reused across frames
};

} // namespace netmon::replay
