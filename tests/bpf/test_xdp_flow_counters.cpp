// The per-flow IP bytes and SYN packets (netmon_flow_value): IP bytes are
// the IP header's own length, never the frame's (padding and VLAN tags are
// not IP bytes), and a SYN is a TCP header with SYN set and ACK clear.
#include <gtest/gtest.h>

#include "support/xdp_harness.h"

namespace netmon::test {
namespace {

constexpr size_t kEthLen = 14;
constexpr size_t kVlanLen = 4;
constexpr size_t kIpv4Len = 20;
constexpr size_t kIpv6Len = 40;
constexpr size_t kTcpLen = 20;
constexpr size_t kUdpLen = 8;

// Overwrites the 16-bit field at `at` (network byte order).
Bytes with_u16(Bytes frame, size_t at, uint16_t v)
{
    frame.at(at) = static_cast<uint8_t>(v >> 8);
    frame.at(at + 1) = static_cast<uint8_t>(v);
    return frame;
}

Bytes tcp4(uint8_t flags, size_t payload = 0, const Ipv4Fields &f = {})
{
    return FrameBuilder()
        .ethernet(kMacA, kMacB)
        .ipv4(kIp4A, kIp4B, f)
        .tcp(41000, 80, flags)
        .payload(payload)
        .build();
}

Bytes tcp6(uint8_t flags, size_t payload = 0)
{
    return FrameBuilder()
        .ethernet(kMacA, kMacB)
        .ipv6(kIp6A, kIp6B)
        .tcp(41000, 80, flags)
        .payload(payload)
        .build();
}

using XdpIpBytesTest = XdpTest;

TEST_F(XdpIpBytesTest, Ipv4IsTheTotalLength)
{
    Bytes frame = tcp4(kTcpAck, 100);
    auto st = expect_single(frame, kProtoTcp, ipv4_key(kIp4A, kIp4B, kProtoTcp, 41000, 80));
    EXPECT_EQ(st.ip_bytes, kIpv4Len + kTcpLen + 100);
    EXPECT_EQ(st.bytes, kEthLen + kIpv4Len + kTcpLen + 100) << "frame bytes stay frame bytes";
}

TEST_F(XdpIpBytesTest, Ipv6IsFortyPlusThePayloadLength)
{
    Bytes frame =
        FrameBuilder().ethernet(kMacA, kMacB).ipv6(kIp6A, kIp6B).udp(5000, 53).payload(100).build();
    auto st = expect_single(frame, kProtoUdp, ipv6_key(kIp6A, kIp6B, kProtoUdp, 5000, 53));
    EXPECT_EQ(st.ip_bytes, kIpv6Len + kUdpLen + 100);
}

TEST_F(XdpIpBytesTest, Ipv6ExtensionHeadersArePartOfThePayload)
{
    Bytes frame = FrameBuilder()
                      .ethernet(kMacA, kMacB)
                      .ipv6(kIp6A, kIp6B)
                      .hop_by_hop(8)
                      .routing(16)
                      .destination_options(8)
                      .tcp(41000, 80, kTcpAck)
                      .payload(30)
                      .build();
    auto st = expect_single(frame, kProtoTcp, ipv6_key(kIp6A, kIp6B, kProtoTcp, 41000, 80));
    EXPECT_EQ(st.ip_bytes, kIpv6Len + 8 + 16 + 8 + kTcpLen + 30);
}

TEST_F(XdpIpBytesTest, VlanTagsAreNotIpBytes)
{
    Bytes one_tag = FrameBuilder()
                        .ethernet(kMacA, kMacB)
                        .vlan(10)
                        .ipv4(kIp4A, kIp4B)
                        .udp(5000, 53)
                        .payload(50)
                        .build();
    auto st = expect_single(one_tag, kProtoUdp, ipv4_key(kIp4A, kIp4B, kProtoUdp, 5000, 53));
    EXPECT_EQ(st.bytes, kEthLen + kVlanLen + kIpv4Len + kUdpLen + 50);
    EXPECT_EQ(st.ip_bytes, kIpv4Len + kUdpLen + 50);

    xdp().reset();
    Bytes qinq = FrameBuilder()
                     .ethernet(kMacA, kMacB)
                     .vlan(100, kEthQinQ)
                     .vlan(10)
                     .ipv6(kIp6A, kIp6B)
                     .udp(5000, 53)
                     .payload(50)
                     .build();
    st = expect_single(qinq, kProtoUdp, ipv6_key(kIp6A, kIp6B, kProtoUdp, 5000, 53));
    EXPECT_EQ(st.ip_bytes, kIpv6Len + kUdpLen + 50);
}

TEST_F(XdpIpBytesTest, EthernetPaddingIsNotIpBytes)
{
    // 14 + 20 + 8 = 42 bytes, padded to the 60-byte minimum frame.
    Bytes frame = FrameBuilder().ethernet(kMacA, kMacB).ipv4(kIp4A, kIp4B).udp(5000, 53).build();
    ASSERT_EQ(frame.size(), 42u);
    frame.resize(60, 0);
    auto st = expect_single(frame, kProtoUdp, ipv4_key(kIp4A, kIp4B, kProtoUdp, 5000, 53));
    EXPECT_EQ(st.bytes, 60u);
    EXPECT_EQ(st.ip_bytes, 28u);
}

TEST_F(XdpIpBytesTest, NonIpAndMalformedIpHaveNone)
{
    Bytes arp = FrameBuilder().ethernet(kMacA, kMacB).arp_request(kMacA, kIp4A, kIp4B).build();
    auto st = expect_single(arp, NETMON_CTR_ARP, l2_key(kMacA, kMacB, kEthArp));
    EXPECT_EQ(st.ip_bytes, 0u);

    xdp().reset();
    Ipv4Fields bad;
    bad.version = 5;
    Bytes malformed = tcp4(kTcpSyn, 0, bad);
    st = expect_single(malformed, NETMON_CTR_MALFORMED_IP, l2_key(kMacA, kMacB, kEthIpv4));
    EXPECT_EQ(st.ip_bytes, 0u);
    EXPECT_EQ(st.syn_packets, 0u) << "a malformed IP header has no TCP header";
}

TEST_F(XdpIpBytesTest, ALengthFieldOfZeroCountsTheFrameFromTheIpHeader)
{
    // BIG TCP / GSO: IPv4 total length 0.
    Bytes v4 = with_u16(tcp4(kTcpAck, 300), kEthLen + 2, 0);
    auto st = expect_single(v4, kProtoTcp, ipv4_key(kIp4A, kIp4B, kProtoTcp, 41000, 80));
    EXPECT_EQ(st.ip_bytes, v4.size() - kEthLen);

    // BIG TCP / jumbogram: IPv6 payload length 0.
    xdp().reset();
    Bytes v6 = with_u16(tcp6(kTcpAck, 300), kEthLen + 4, 0);
    st = expect_single(v6, kProtoTcp, ipv6_key(kIp6A, kIp6B, kProtoTcp, 41000, 80));
    EXPECT_EQ(st.ip_bytes, v6.size() - kEthLen);
}

TEST_F(XdpIpBytesTest, AnEmptyIpv6PacketIsFortyBytesWhateverThePadding)
{
    // Payload length 0 with No Next Header is a real 40-byte packet, not a
    // jumbogram: the frame's padding does not count.
    Bytes frame = FrameBuilder().ethernet(kMacA, kMacB).ipv6(kIp6A, kIp6B).build();
    ASSERT_EQ(frame.size(), kEthLen + kIpv6Len);
    frame.resize(60, 0);
    auto st = expect_single(frame, kProtoNoNext, ipv6_key(kIp6A, kIp6B, kProtoNoNext));
    EXPECT_EQ(st.ip_bytes, kIpv6Len);
}

TEST_F(XdpIpBytesTest, ALengthBeyondTheFrameCountsAsTheHeaderSays)
{
    Bytes frame = with_u16(tcp4(kTcpAck, 10), kEthLen + 2, 1500);
    auto st = expect_single(frame, kProtoTcp, ipv4_key(kIp4A, kIp4B, kProtoTcp, 41000, 80));
    EXPECT_EQ(st.ip_bytes, 1500u);
}

TEST_F(XdpIpBytesTest, AddUpOverAFlowsPackets)
{
    Bytes small = tcp4(kTcpAck, 0);
    small.resize(60, 0); // padded: 40 IP bytes in a 60-byte frame
    Bytes large = tcp4(kTcpAck, 1000);
    for (int i = 0; i < 3; i++)
        xdp().run_ok(small);
    xdp().run_ok(large);
    auto st = xdp().flow(ipv4_key(kIp4A, kIp4B, kProtoTcp, 41000, 80));
    ASSERT_TRUE(st);
    EXPECT_EQ(st->packets, 4u);
    EXPECT_EQ(st->bytes, 3 * 60 + large.size());
    EXPECT_EQ(st->ip_bytes, 3 * (kIpv4Len + kTcpLen) + kIpv4Len + kTcpLen + 1000);
}

using XdpSynTest = XdpTest;

TEST_F(XdpSynTest, OnlySynWithoutAckCounts)
{
    struct Case {
        const char *what;
        uint8_t flags;
        uint64_t syn;
    };
    const Case cases[] = {
        {"SYN", kTcpSyn, 1},
        {"SYN with ECE and CWR (ECN setup)", kTcpSyn | 0x40 | 0x80, 1},
        {"SYN+ACK", kTcpSyn | kTcpAck, 0},
        {"ACK", kTcpAck, 0},
        {"PSH+ACK", kTcpPsh | kTcpAck, 0},
        {"RST", kTcpRst, 0},
        {"FIN+ACK", kTcpFin | kTcpAck, 0},
    };
    for (const Case &c : cases) {
        SCOPED_TRACE(c.what);
        xdp().reset();
        auto st =
            expect_single(tcp4(c.flags), kProtoTcp, ipv4_key(kIp4A, kIp4B, kProtoTcp, 41000, 80));
        EXPECT_EQ(st.syn_packets, c.syn);
        xdp().reset();
        st = expect_single(tcp6(c.flags), kProtoTcp, ipv6_key(kIp6A, kIp6B, kProtoTcp, 41000, 80));
        EXPECT_EQ(st.syn_packets, c.syn);
    }
}

TEST_F(XdpSynTest, CountsEverySynOfAFlow)
{
    Bytes syn = tcp4(kTcpSyn);
    Bytes ack = tcp4(kTcpAck);
    for (int i = 0; i < 5; i++)
        xdp().run_ok(syn);
    for (int i = 0; i < 2; i++)
        xdp().run_ok(ack);
    auto st = xdp().flow(ipv4_key(kIp4A, kIp4B, kProtoTcp, 41000, 80));
    ASSERT_TRUE(st);
    EXPECT_EQ(st->packets, 7u);
    EXPECT_EQ(st->syn_packets, 5u);
}

TEST_F(XdpSynTest, UdpWithTheSynBitPatternIsNoSyn)
{
    // Byte 13 after the UDP header's start is 0x02, where TCP keeps SYN.
    Bytes frame = FrameBuilder()
                      .ethernet(kMacA, kMacB)
                      .ipv4(kIp4A, kIp4B)
                      .udp(5000, 53)
                      .bytes({0, 0, 0, 0, 0, kTcpSyn, 0, 0})
                      .build();
    ASSERT_EQ(frame[kEthLen + kIpv4Len + 13], kTcpSyn);
    auto st = expect_single(frame, kProtoUdp, ipv4_key(kIp4A, kIp4B, kProtoUdp, 5000, 53));
    EXPECT_EQ(st.syn_packets, 0u);
}

TEST_F(XdpSynTest, AFirstFragmentCarriesTheSyn)
{
    Ipv4Fields first;
    first.more_fragments = true;
    auto st = expect_single(tcp4(kTcpSyn, 8, first), kProtoTcp,
                            ipv4_key(kIp4A, kIp4B, kProtoTcp, 41000, 80));
    EXPECT_EQ(st.syn_packets, 1u);

    xdp().reset();
    Bytes v6 = FrameBuilder()
                   .ethernet(kMacA, kMacB)
                   .ipv6(kIp6A, kIp6B)
                   .ipv6_fragment(0, true)
                   .tcp(41000, 80, kTcpSyn)
                   .build();
    st = expect_single(v6, kProtoTcp, ipv6_key(kIp6A, kIp6B, kProtoTcp, 41000, 80));
    EXPECT_EQ(st.syn_packets, 1u);
}

TEST_F(XdpSynTest, ANonFirstFragmentIsNeverASyn)
{
    // Fragment data that looks exactly like a SYN header where the first
    // fragment would have one: it must not be read as TCP.
    Ipv4Fields later;
    later.frag_offset = 3;
    Bytes v4 = tcp4(kTcpSyn, 0, later);
    auto st = expect_single(v4, kProtoTcp, ipv4_key(kIp4A, kIp4B, kProtoTcp));
    EXPECT_EQ(st.syn_packets, 0u);
    EXPECT_EQ(st.tcp_flags, 0);
    EXPECT_EQ(st.ip_bytes, kIpv4Len + kTcpLen) << "a fragment's IP bytes are its own";

    xdp().reset();
    Bytes v6 = FrameBuilder()
                   .ethernet(kMacA, kMacB)
                   .ipv6(kIp6A, kIp6B)
                   .ipv6_fragment(3, false)
                   .tcp(41000, 80, kTcpSyn)
                   .build();
    st = expect_single(v6, kProtoTcp, ipv6_key(kIp6A, kIp6B, kProtoTcp));
    EXPECT_EQ(st.syn_packets, 0u);
    EXPECT_EQ(st.ip_bytes, kIpv6Len + 8 + kTcpLen);
}

} // namespace
} // namespace netmon::test
