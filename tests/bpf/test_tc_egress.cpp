// The egress (TC) program: the same parser as XDP, counted under the egress
// hook only, never changing or dropping a frame.
#include <gtest/gtest.h>
#include <linux/pkt_cls.h>

#include "support/xdp_harness.h"

namespace netmon::test {
namespace {

Bytes tcp_frame(size_t payload)
{
    return FrameBuilder()
        .ethernet(kMacA, kMacB)
        .ipv4(kIp4A, kIp4B)
        .tcp(41000, 443, kTcpPsh | kTcpAck)
        .payload(payload)
        .build();
}

class TcEgressTest : public XdpTest {
  protected:
    // Runs a frame through the egress program; it must pass unmodified.
    void run_egress_ok(const Bytes &frame)
    {
        RunResult r = xdp().run_egress(frame);
        ASSERT_EQ(r.err, 0) << strerror(-r.err);
        EXPECT_EQ(static_cast<int>(r.retval), TC_ACT_UNSPEC) << "egress never drops or redirects";
        EXPECT_EQ(r.out, frame) << "the program must never modify a frame";
    }
};

TEST_F(TcEgressTest, CountsUnderTheEgressHookOnly)
{
    Bytes frame = tcp_frame(200);
    run_egress_ok(frame);
    run_egress_ok(frame);

    netmon_counter tcp = xdp().counter(kProtoTcp, 0, NETMON_HOOK_EGRESS);
    EXPECT_EQ(tcp.packets, 2u);
    EXPECT_EQ(tcp.bytes, 2 * frame.size());
    EXPECT_TRUE(xdp().nonzero_classes(0, NETMON_HOOK_INGRESS).empty())
        << "an egress frame must not show up as received";
    EXPECT_EQ(xdp().nonzero_classes(0, NETMON_HOOK_EGRESS).size(), 1u);

    auto flows = xdp().flows();
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(describe(flows[0].key),
              describe(at_egress(ipv4_key(kIp4A, kIp4B, kProtoTcp, 41000, 443))));
    EXPECT_EQ(flows[0].stats.packets, 2u);
    EXPECT_EQ(flows[0].stats.bytes, 2 * frame.size());
    EXPECT_EQ(flows[0].stats.tcp_flags, kTcpPsh | kTcpAck);
}

TEST_F(TcEgressTest, SameFrameBothWaysIsTwoFlowsOnePerHook)
{
    Bytes frame = tcp_frame(10);
    xdp().run_ok(frame);
    run_egress_ok(frame);

    netmon_flow_key in = ipv4_key(kIp4A, kIp4B, kProtoTcp, 41000, 443);
    auto ingress = xdp().flow(in);
    auto egress = xdp().flow(at_egress(in));
    ASSERT_TRUE(ingress && egress);
    EXPECT_EQ(ingress->packets, 1u);
    EXPECT_EQ(egress->packets, 1u);
    EXPECT_EQ(xdp().counter(kProtoTcp, 0, NETMON_HOOK_INGRESS).packets, 1u);
    EXPECT_EQ(xdp().counter(kProtoTcp, 0, NETMON_HOOK_EGRESS).packets, 1u);
}

TEST_F(TcEgressTest, ParsesLikeXdpForEveryFamily)
{
    Bytes v6 =
        FrameBuilder().ethernet(kMacA, kMacB).ipv6(kIp6A, kIp6B).udp(5353, 53).payload(30).build();
    run_egress_ok(v6);
    EXPECT_EQ(xdp().counter(kProtoUdp, 0, NETMON_HOOK_EGRESS).bytes, v6.size());
    EXPECT_TRUE(xdp().flow(at_egress(ipv6_key(kIp6A, kIp6B, kProtoUdp, 5353, 53))));

    xdp().reset();
    Bytes arp = FrameBuilder().ethernet(kMacA, kMacB).arp_request(kMacA, kIp4A, kIp4B).build();
    run_egress_ok(arp);
    EXPECT_EQ(xdp().counter(NETMON_CTR_ARP, 0, NETMON_HOOK_EGRESS).packets, 1u);
    EXPECT_TRUE(xdp().flow(at_egress(l2_key(kMacA, kMacB, kEthArp))));
}

TEST_F(TcEgressTest, CountsIpBytesAndSynsLikeXdp)
{
    // A padded SYN on a VLAN: 40 IP bytes in a 64-byte frame.
    Bytes syn = FrameBuilder()
                    .ethernet(kMacA, kMacB)
                    .vlan(10)
                    .ipv4(kIp4A, kIp4B)
                    .tcp(41000, 443, kTcpSyn)
                    .build();
    ASSERT_EQ(syn.size(), 58u);
    syn.resize(64, 0);
    Bytes syn_ack = FrameBuilder()
                        .ethernet(kMacA, kMacB)
                        .vlan(10)
                        .ipv4(kIp4A, kIp4B)
                        .tcp(41000, 443, kTcpSyn | kTcpAck)
                        .build();
    run_egress_ok(syn);
    run_egress_ok(syn_ack);
    auto st = xdp().flow(at_egress(ipv4_key(kIp4A, kIp4B, kProtoTcp, 41000, 443)));
    ASSERT_TRUE(st);
    EXPECT_EQ(st->packets, 2u);
    EXPECT_EQ(st->bytes, 64u + 58u);
    EXPECT_EQ(st->ip_bytes, 2 * 40u);
    EXPECT_EQ(st->syn_packets, 1u) << "SYN+ACK is no connection attempt";
}

TEST_F(TcEgressTest, AGsoLengthOfZeroCountsTheSkbFromTheIpHeader)
{
    // BIG TCP leaves the IPv6 payload length 0; the skb's length counts.
    Bytes frame = FrameBuilder()
                      .ethernet(kMacA, kMacB)
                      .ipv6(kIp6A, kIp6B)
                      .tcp(41000, 443, kTcpAck)
                      .payload(500)
                      .build();
    frame[14 + 4] = frame[14 + 5] = 0;
    run_egress_ok(frame);
    auto st = xdp().flow(at_egress(ipv6_key(kIp6A, kIp6B, kProtoTcp, 41000, 443)));
    ASSERT_TRUE(st);
    EXPECT_EQ(st->ip_bytes, frame.size() - 14);
}

TEST_F(TcEgressTest, CountsIntoTheActiveBank)
{
    xdp().obj().set_active_generation(1);
    Bytes frame = tcp_frame(0);
    run_egress_ok(frame);
    EXPECT_EQ(xdp().counter(kProtoTcp, 1, NETMON_HOOK_EGRESS).packets, 1u);
    EXPECT_EQ(xdp().counter(kProtoTcp, 0, NETMON_HOOK_EGRESS).packets, 0u);
    EXPECT_EQ(xdp().flows(1).size(), 1u);
    EXPECT_TRUE(xdp().flows(0).empty());
}

} // namespace
} // namespace netmon::test
