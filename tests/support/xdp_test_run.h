// Runs an XDP program once on a frame with BPF_PROG_TEST_RUN (never
// attached to an interface): how tests and replays feed it bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace netmon::filter {

// The kernel refuses test-run frames shorter than an Ethernet header.
inline constexpr size_t kMinTestRunFrame = 14;

// Returns the program's XDP action. With `wire_length`, the frame is
// preceded by 4 bytes of XDP metadata holding it (host order), which a
// filter translated with frame_length_from_metadata uses as BPF_LEN.
// Throws netmon::Error if the kernel refuses the run (e.g. frame < 14 bytes).
uint32_t run_xdp_once(int prog_fd, std::span<const uint8_t> frame,
                      std::optional<uint32_t> wire_length = std::nullopt);

} // namespace netmon::filter
