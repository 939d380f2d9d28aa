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

// Runs a TC (SCHED_CLS) program once on the frame as an skb of its length,
// data at the Ethernet header as on the egress hook; returns its verdict
// (TC_ACT_*). The skb is linear. Throws netmon::Error if the kernel refuses
// the run: see skb_test_run_refuses(), or longer than about a page.
int32_t run_tc_once(int prog_fd, std::span<const uint8_t> frame);

// Frames the kernel refuses to build a test-run skb from: shorter than an
// Ethernet header, or an IPv4 (IPv6) EtherType without the 20 (40) bytes of
// its fixed header. The stack never sends such frames.
bool skb_test_run_refuses(std::span<const uint8_t> frame);

} // namespace netmon::filter
