// Distinct UDP frames, one per flow index, built once with the tests'
// FrameBuilder and then patched in place: making a million frames must not
// cost more than sending them. Flow i differs in the source address only.
#pragma once

#include <cstdint>

#include "support/frame_builder.h"

namespace netmon::bench {

class FlowFrames {
  public:
    // family 4 or 6; frames are 64 bytes on the wire without the FCS (60).
    explicit FlowFrames(int family) : ipv4_(family == 4)
    {
        using namespace netmon::test;
        FrameBuilder b;
        b.ethernet(parse_mac("02:00:00:00:00:02"), parse_mac("02:00:00:00:00:01"));
        if (ipv4_)
            b.ipv4(parse_ipv4("10.0.0.0"), parse_ipv4("10.77.0.99"));
        else
            b.ipv6(parse_ipv6("fd00:77::"), parse_ipv6("fd00:77::99"));
        b.udp(40000, 5201).payload(ipv4_ ? 18 : 8);
        frame_ = b.build();
        // UDP checksum left out: nothing on the measured path checks it
        // (IPv4 allows 0; an IPv6 receiver drops it after XDP counted it).
        frame_[udp_offset() + 6] = frame_[udp_offset() + 7] = 0;
    }

    // The frame of flow `index` (valid until the next call).
    const test::Bytes &frame(uint32_t index)
    {
        if (ipv4_) {
            // 10.a.b.c: 2^24 distinct sources.
            frame_[14 + 13] = static_cast<uint8_t>(index >> 16);
            frame_[14 + 14] = static_cast<uint8_t>(index >> 8);
            frame_[14 + 15] = static_cast<uint8_t>(index);
            frame_[14 + 10] = frame_[14 + 11] = 0;
            uint16_t sum = test::fold_checksum(test::ones_complement_sum(&frame_[14], 20));
            frame_[14 + 10] = static_cast<uint8_t>(sum >> 8);
            frame_[14 + 11] = static_cast<uint8_t>(sum);
        } else {
            for (int i = 0; i < 4; i++)
                frame_[14 + 8 + 12 + i] = static_cast<uint8_t>(index >> (24 - 8 * i));
        }
        return frame_;
    }

  private:
    size_t udp_offset() const { return 14 + (ipv4_ ? 20 : 40); }

    bool ipv4_;
    test::Bytes frame_;
};

} // namespace netmon::bench
