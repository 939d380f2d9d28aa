// Register and stack layout of the programs translate_to_xdp() and
// translate_to_tc() emit.
// R1-R5 and R0 are scratch: helper calls clobber them. State that must
// survive a call lives in the callee-saved R6-R9 or on the stack.
#pragma once

#include <cstdint>

namespace netmon::filter::layout {

inline constexpr uint8_t kRegCtx = 6;         // struct xdp_md * or struct __sk_buff *
inline constexpr uint8_t kRegA = 7;           // classic accumulator, kept zero-extended
inline constexpr uint8_t kRegX = 8;           // classic index register, kept zero-extended
inline constexpr uint8_t kRegFrameLength = 9; // BPF_LEN, set in the prologue
inline constexpr uint8_t kRegFp = 10;

// Scratch memory M[0..15]: 16 u32 just below the frame pointer.
inline constexpr int16_t kScratchOffset = -64;
constexpr int16_t scratch_slot(uint32_t index)
{
    return static_cast<int16_t>(kScratchOffset + 4 * static_cast<int>(index));
}
// 8 bytes bpf_xdp_load_bytes() or bpf_skb_load_bytes() copies into (only
// 1, 2 or 4 are used).
inline constexpr int16_t kLoadBufferOffset = -72;
// u64 captured length from the metadata (frame_length_from_metadata): loads
// ending past it do not match. Without one, 2^32: data_end is the bound.
inline constexpr int16_t kCapturedLengthOffset = -80;

// bpf_xdp_load_bytes() refuses offsets above 64 KiB, and the verifier
// refuses packet pointers further than that: loads starting beyond never
// match. The TC translation keeps the same bound.
inline constexpr uint32_t kMaxPacketOffset = 0xffff;

} // namespace netmon::filter::layout
