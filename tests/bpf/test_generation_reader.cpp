// The production reader against the real program: each harvest flips the
// generation and returns exactly what was counted since the previous one.
#include <gtest/gtest.h>
#include <unistd.h>

#include "bpf/generation_reader.h"
#include "support/frame_builder.h"
#include "support/xdp_harness.h"

using namespace netmon;
using namespace netmon::test;

namespace {

Bytes udp_frame(uint16_t sport)
{
    return FrameBuilder().ethernet(kMacA, kMacB).ipv4(kIp4A, kIp4B).udp(sport, 53).payload(10).build();
}

} // namespace

TEST(GenerationReader, EachHarvestHoldsExactlyTheFramesSinceTheLast)
{
    if (geteuid() != 0)
        GTEST_SKIP() << "needs root (CAP_BPF) to load BPF programs";
    XdpHarness h(64);
    // wait_for_readers: exercise the grace-period path as live mode does.
    GenerationReader reader(h.obj(), /*wait_for_readers=*/true);

    const Bytes a = udp_frame(1000), b = udp_frame(2000);
    h.run_ok(a);
    h.run_ok(a);
    h.run_ok(b);
    uint32_t slot_before = h.obj().active_slot();
    Harvest &first = reader.harvest();
    EXPECT_NE(h.obj().active_slot(), slot_before);
    EXPECT_EQ(first.counters[NETMON_HOOK_INGRESS][NETMON_CTR_IP_PROTO_BASE + 17], (Count{3, 3 * a.size()}));
    ASSERT_EQ(first.flows.size(), 2u);
    uint64_t flow_packets = first.flows[0].stats.packets + first.flows[1].stats.packets;
    EXPECT_EQ(flow_packets, 3u);

    h.run_ok(b); // counted into the other generation
    Harvest &second = reader.harvest();
    EXPECT_EQ(second.counters[NETMON_HOOK_INGRESS][NETMON_CTR_IP_PROTO_BASE + 17], (Count{1, b.size()}));
    ASSERT_EQ(second.flows.size(), 1u);
    EXPECT_EQ(second.flows[0].key.sport, 2000);

    Harvest &third = reader.harvest(); // nothing new: the drained tables stay empty
    EXPECT_EQ(third.counters[NETMON_HOOK_INGRESS][NETMON_CTR_IP_PROTO_BASE + 17], (Count{0, 0}));
    EXPECT_TRUE(third.flows.empty());
}

TEST(GenerationReader, OneGracePeriodServesSeveralObjects)
{
    if (geteuid() != 0)
        GTEST_SKIP() << "needs root (CAP_BPF) to load BPF programs";
    XdpHarness a(64), b(64);
    GenerationReader ra(a.obj(), true), rb(b.obj(), true);
    a.run_ok(udp_frame(1));
    b.run_ok(udp_frame(2));
    b.run_ok(udp_frame(3));
    ra.flip();
    rb.flip();
    ra.wait_for_readers(); // covers b's program too: synchronize_rcu is global
    EXPECT_EQ(ra.collect().flows.size(), 1u);
    Harvest &hb = rb.collect();
    EXPECT_EQ(hb.flows.size(), 2u);
    EXPECT_EQ(hb.counters[NETMON_HOOK_INGRESS][NETMON_CTR_IP_PROTO_BASE + 17].packets, 2u);
}
