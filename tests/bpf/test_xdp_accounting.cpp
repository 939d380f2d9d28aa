// How frames add up: per-flow packets, bytes and TCP flags over several
// frames, timestamps from the replay clock, the active bank, and what
// happens when the flow table is full.
#include <gtest/gtest.h>

#include "support/xdp_harness.h"

namespace netmon::test {
namespace {

Bytes tcp_frame(uint8_t flags, size_t payload = 0)
{
    return FrameBuilder()
        .ethernet(kMacA, kMacB)
        .ipv4(kIp4A, kIp4B)
        .tcp(41000, 80, flags)
        .payload(payload)
        .build();
}

Bytes udp_frame(uint16_t sport, size_t payload)
{
    return FrameBuilder()
        .ethernet(kMacA, kMacB)
        .ipv6(kIp6A, kIp6B)
        .udp(sport, 53)
        .payload(payload)
        .build();
}

using XdpAccountingTest = XdpTest;

TEST_F(XdpAccountingTest, TcpFlagsAreOredOverAFlowsPackets)
{
    Bytes syn = tcp_frame(kTcpSyn);
    Bytes data = tcp_frame(kTcpPsh | kTcpAck, 100);
    Bytes fin = tcp_frame(kTcpFin | kTcpAck);
    for (const Bytes *f : {&syn, &data, &fin})
        xdp().run_ok(*f);

    auto st = xdp().flow(ipv4_key(kIp4A, kIp4B, kProtoTcp, 41000, 80));
    ASSERT_TRUE(st);
    EXPECT_EQ(st->tcp_flags, kTcpSyn | kTcpPsh | kTcpAck | kTcpFin);
    EXPECT_EQ(st->packets, 3u);
    EXPECT_EQ(st->bytes, syn.size() + data.size() + fin.size());
    EXPECT_EQ(xdp().flows().size(), 1u);
}

TEST_F(XdpAccountingTest, PacketsAndBytesAddUpPerFlowAndPerClass)
{
    Bytes small = udp_frame(1111, 10);
    Bytes large = udp_frame(2222, 1000);
    for (int i = 0; i < 5; i++)
        xdp().run_ok(small);
    for (int i = 0; i < 3; i++)
        xdp().run_ok(large);

    auto a = xdp().flow(ipv6_key(kIp6A, kIp6B, kProtoUdp, 1111, 53));
    auto b = xdp().flow(ipv6_key(kIp6A, kIp6B, kProtoUdp, 2222, 53));
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->packets, 5u);
    EXPECT_EQ(a->bytes, 5 * small.size());
    EXPECT_EQ(b->packets, 3u);
    EXPECT_EQ(b->bytes, 3 * large.size());
    EXPECT_EQ(a->tcp_flags, 0) << "flags are for TCP only";

    netmon_counter udp = xdp().counter(kProtoUdp);
    EXPECT_EQ(udp.packets, 8u);
    EXPECT_EQ(udp.bytes, 5 * small.size() + 3 * large.size());
    EXPECT_EQ(xdp().nonzero_classes().size(), 1u);
    EXPECT_EQ(xdp().counter(NETMON_CTR_FLOW_OVERFLOW).packets, 0u);
}

TEST_F(XdpAccountingTest, FirstAndLastSeenComeFromTheReplayClock)
{
    const uint64_t t0 = 1'700'000'000'000'000'000;
    Bytes first = udp_frame(1111, 10);
    Bytes second = udp_frame(2222, 10);

    xdp().obj().set_replay_clock(t0);
    xdp().run_ok(first);
    xdp().obj().set_replay_clock(t0 + 500);
    xdp().run_ok(second);
    xdp().obj().set_replay_clock(t0 + 2'000'000'000);
    xdp().run_ok(first);

    auto a = xdp().flow(ipv6_key(kIp6A, kIp6B, kProtoUdp, 1111, 53));
    auto b = xdp().flow(ipv6_key(kIp6A, kIp6B, kProtoUdp, 2222, 53));
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->first_seen_ns, t0);
    EXPECT_EQ(a->last_seen_ns, t0 + 2'000'000'000);
    EXPECT_EQ(b->first_seen_ns, t0 + 500);
    EXPECT_EQ(b->last_seen_ns, t0 + 500);
}

TEST_F(XdpAccountingTest, FramesLandInTheActiveBank)
{
    Bytes frame = tcp_frame(kTcpSyn);
    netmon_flow_key key = ipv4_key(kIp4A, kIp4B, kProtoTcp, 41000, 80);

    xdp().obj().set_active_generation(1);
    xdp().run_ok(frame);
    xdp().run_ok(frame);

    EXPECT_EQ(xdp().counter(kProtoTcp, 1).packets, 2u);
    EXPECT_EQ(xdp().counter(kProtoTcp, 1).bytes, 2 * frame.size());
    EXPECT_TRUE(xdp().nonzero_classes(0).empty()) << "the idle bank must stay untouched";
    EXPECT_TRUE(xdp().flows(0).empty());
    auto st = xdp().flow(key, 1);
    ASSERT_TRUE(st);
    EXPECT_EQ(st->packets, 2u);

    // Flip back: bank 1 keeps what it had, bank 0 gets the next frame.
    xdp().obj().set_active_generation(0);
    xdp().run_ok(frame);
    EXPECT_EQ(xdp().counter(kProtoTcp, 0).packets, 1u);
    EXPECT_EQ(xdp().counter(kProtoTcp, 1).packets, 2u);
    ASSERT_TRUE(xdp().flow(key, 0));
    EXPECT_EQ(xdp().flow(key, 0)->packets, 1u);
}

class XdpFullTableTest : public XdpTest {
  protected:
    static constexpr uint32_t kMaxFlows = 8;
    uint32_t max_flows() const override { return kMaxFlows; }
};

TEST_F(XdpFullTableTest, FlowsThatDoNotFitAreCountedAsOverflow)
{
    // One CPU, one table: its capacity is what this test is about.
    PinnedToCpu pin(PinnedToCpu::allowed().at(0));
    const int kFlows = 20;
    uint64_t total_bytes = 0;
    for (int i = 0; i < kFlows; i++) {
        Bytes f = udp_frame(static_cast<uint16_t>(10000 + i), 10 + i); // distinct sizes
        xdp().run_ok(f);
        total_bytes += f.size();
    }

    auto flows = xdp().flows();
    netmon_counter overflow = xdp().counter(NETMON_CTR_FLOW_OVERFLOW);
    uint64_t flow_packets = 0, flow_bytes = 0;
    for (const FlowEntry &f : flows) {
        flow_packets += f.stats.packets;
        flow_bytes += f.stats.bytes;
    }
    EXPECT_EQ(flows.size(), kMaxFlows) << "the table holds what it can";
    EXPECT_EQ(overflow.packets, kFlows - flows.size());
    EXPECT_EQ(flow_packets + overflow.packets, static_cast<uint64_t>(kFlows));
    EXPECT_EQ(flow_bytes + overflow.bytes, total_bytes);
    // The classes still count every frame: overflow is a side counter.
    EXPECT_EQ(xdp().counter(kProtoUdp).packets, static_cast<uint64_t>(kFlows));
    EXPECT_EQ(xdp().counter(kProtoUdp).bytes, total_bytes);

    // A flow already in the full table keeps counting there.
    ASSERT_FALSE(flows.empty());
    Bytes again = udp_frame(flows[0].key.sport, 10 + (flows[0].key.sport - 10000));
    xdp().run_ok(again);
    EXPECT_EQ(xdp().flow(flows[0].key)->packets, 2u);
    EXPECT_EQ(xdp().counter(NETMON_CTR_FLOW_OVERFLOW).packets, overflow.packets);
}

// Each CPU counts into its own table; a flow seen on two CPUs is two
// entries there, which together hold every frame (readers add them up).
TEST_F(XdpTest, EachCpuCountsIntoItsOwnTable)
{
    std::vector<int> cpus = PinnedToCpu::allowed();
    if (cpus.size() < 2)
        GTEST_SKIP() << "needs two CPUs to run on";
    Bytes frame = udp_frame(4000, 30);
    {
        PinnedToCpu pin(cpus[0]);
        xdp().run_ok(frame);
    }
    {
        PinnedToCpu pin(cpus[1]);
        xdp().run_ok(frame);
        xdp().run_ok(frame);
    }
    auto first = dump_cpu_flows(xdp().region(0, static_cast<uint32_t>(cpus[0])));
    auto second = dump_cpu_flows(xdp().region(0, static_cast<uint32_t>(cpus[1])));
    ASSERT_EQ(first.size(), 1u);
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(std::memcmp(&first[0].key, &second[0].key, sizeof(netmon_flow_key)), 0);
    EXPECT_EQ(first[0].stats.packets, 1u);
    EXPECT_EQ(second[0].stats.packets, 2u);
    EXPECT_EQ(second[0].stats.bytes, 2 * frame.size());
    EXPECT_LE(first[0].stats.first_seen_ns, second[0].stats.first_seen_ns);

    auto merged = xdp().flows(0);
    ASSERT_EQ(merged.size(), 1u);
    EXPECT_EQ(merged[0].stats.packets, 3u);
    EXPECT_EQ(merged[0].stats.bytes, 3 * frame.size());
    EXPECT_EQ(xdp().counter(kProtoUdp).packets, 3u);
}

} // namespace
} // namespace netmon::test
