// The production reader against the real program: each harvest flips the
// generation and returns exactly what was counted since the previous one.
#include <bpf/bpf.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>

#include "loader/generation_reader.h"
#include "support/frame_builder.h"
#include "support/xdp_harness.h"

using namespace netmon;
using namespace netmon::test;

namespace {

Bytes udp_frame(uint16_t sport)
{
    return FrameBuilder()
        .ethernet(kMacA, kMacB)
        .ipv4(kIp4A, kIp4B)
        .udp(sport, 53)
        .payload(10)
        .build();
}

} // namespace

TEST(GenerationReader, EachHarvestHoldsExactlyTheFramesSinceTheLast)
{
    if (geteuid() != 0)
        GTEST_SKIP() << "needs root (CAP_BPF) to load BPF programs";
    XdpHarness h(64);
    // wait_for_readers: exercise the grace-period path as live mode does.
    GenerationReader reader(h.obj(), /*wait_for_readers=*/true);
    // One CPU: each flow is then one entry (a second CPU adds its own).
    PinnedToCpu pin(PinnedToCpu::allowed().at(0));

    const Bytes a = udp_frame(1000), b = udp_frame(2000);
    h.run_ok(a);
    h.run_ok(a);
    h.run_ok(b);
    uint32_t generation_before = h.obj().active_generation();
    Harvest &first = reader.harvest();
    EXPECT_NE(h.obj().active_generation(), generation_before);
    EXPECT_EQ(first.counters[NETMON_HOOK_INGRESS][NETMON_CTR_IP_PROTO_BASE + 17],
              (Count{3, 3 * a.size()}));
    ASSERT_EQ(first.flows.size(), 2u);
    uint64_t flow_packets = first.flows[0].stats.packets + first.flows[1].stats.packets;
    EXPECT_EQ(flow_packets, 3u);

    h.run_ok(b); // counted into the other generation
    Harvest &second = reader.harvest();
    EXPECT_EQ(second.counters[NETMON_HOOK_INGRESS][NETMON_CTR_IP_PROTO_BASE + 17],
              (Count{1, b.size()}));
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
    PinnedToCpu pin(PinnedToCpu::allowed().at(0));
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

// Each CPU's table is drained when that CPU counted something, and only
// then; a flow counted on two CPUs comes back once per CPU.
TEST(GenerationReader, DrainsTheTablesOfTheCpusThatCounted)
{
    if (geteuid() != 0)
        GTEST_SKIP() << "needs root (CAP_BPF) to load BPF programs";
    std::vector<int> cpus = PinnedToCpu::allowed();
    if (cpus.size() < 2)
        GTEST_SKIP() << "needs two CPUs to run on";
    XdpHarness h(64);
    GenerationReader reader(h.obj(), /*wait_for_readers=*/true);
    const Bytes a = udp_frame(1000), b = udp_frame(2000);
    auto run_on = [&](int cpu, const Bytes &frame, int times) {
        PinnedToCpu pin(cpu);
        for (int i = 0; i < times; i++)
            h.run_ok(frame);
    };

    run_on(cpus[0], a, 2);
    run_on(cpus[1], a, 3);
    run_on(cpus[1], b, 1);
    Harvest &first = reader.harvest();
    EXPECT_EQ(first.counters[NETMON_HOOK_INGRESS][NETMON_CTR_IP_PROTO_BASE + 17].packets, 6u);
    ASSERT_EQ(first.flows.size(), 3u) << "flow a on two CPUs, flow b on one";
    uint64_t a_packets = 0, b_packets = 0;
    for (const FlowDelta &d : first.flows)
        (d.key.sport == 1000 ? a_packets : b_packets) += d.stats.packets;
    EXPECT_EQ(a_packets, 5u);
    EXPECT_EQ(b_packets, 1u);

    // Next generation: only the second CPU counts; then the first bank
    // again, where only the first CPU counts.
    run_on(cpus[1], b, 2);
    Harvest &second = reader.harvest();
    ASSERT_EQ(second.flows.size(), 1u);
    EXPECT_EQ(second.flows[0].stats.packets, 2u);
    run_on(cpus[0], b, 4);
    Harvest &third = reader.harvest();
    ASSERT_EQ(third.flows.size(), 1u);
    EXPECT_EQ(third.flows[0].key.sport, 2000);
    EXPECT_EQ(third.flows[0].stats.packets, 4u);
    EXPECT_TRUE(h.flows(0).empty() && h.flows(1).empty()) << "every table drained";
}

// A harvest big enough to drain on several threads holds every flow once
// per CPU that counted it, and every frame.
TEST(GenerationReader, BigHarvestsDrainInParallelAndCompletely)
{
    if (geteuid() != 0)
        GTEST_SKIP() << "needs root (CAP_BPF) to load BPF programs";
    std::vector<int> cpus = PinnedToCpu::allowed();
    constexpr uint16_t kFlows = 20000;
    XdpHarness h(kFlows);
    GenerationReader reader(h.obj(), /*wait_for_readers=*/true);
    for (size_t c = 0; c < cpus.size(); c++) {
        PinnedToCpu pin(cpus[c]);
        for (uint16_t port = 1; port <= kFlows; port++)
            if (port % cpus.size() == c)
                h.run_ok(udp_frame(port));
    }
    Harvest &harvest = reader.harvest();
    EXPECT_EQ(harvest.counters[NETMON_HOOK_INGRESS][NETMON_CTR_IP_PROTO_BASE + 17].packets, kFlows);
    ASSERT_EQ(harvest.flows.size(), kFlows);
    std::vector<bool> seen(kFlows + 1, false);
    for (const FlowDelta &d : harvest.flows) {
        ASSERT_GE(d.key.sport, 1);
        ASSERT_LE(d.key.sport, kFlows);
        EXPECT_FALSE(seen[d.key.sport]) << "flow " << d.key.sport << " twice";
        seen[d.key.sport] = true;
        EXPECT_EQ(d.stats.packets, 1u);
    }
    EXPECT_TRUE(reader.harvest().flows.empty());
}

// Every flow of a full region shares one index bucket (8 flows: 12 slots,
// one 16-slot bucket): each flow still ends in one record of its own, and
// its frames all in it; the harvest empties the index, so the next
// generation in the same bank starts afresh.
TEST(GenerationReader, FlowsThatCollideEachKeepOneRecordWithEveryFrame)
{
    if (geteuid() != 0)
        GTEST_SKIP() << "needs root (CAP_BPF) to load BPF programs";
    constexpr uint16_t kFlows = 8;
    XdpHarness h(kFlows);
    ASSERT_EQ(h.obj().index_buckets(), 1u);
    GenerationReader reader(h.obj(), /*wait_for_readers=*/true);
    PinnedToCpu pin(PinnedToCpu::allowed().at(0));
    for (int generation = 0; generation < 4; generation++) {
        for (int round = 0; round < 3; round++)
            for (uint16_t port = 1; port <= kFlows; port++)
                h.run_ok(udp_frame(port));
        Harvest &harvest = reader.harvest();
        EXPECT_EQ(harvest.counters[NETMON_HOOK_INGRESS][NETMON_CTR_FLOW_OVERFLOW].packets, 0u);
        ASSERT_EQ(harvest.flows.size(), kFlows) << "generation " << generation;
        std::vector<bool> seen(kFlows + 1, false);
        for (const FlowDelta &d : harvest.flows) {
            ASSERT_GE(d.key.sport, 1);
            ASSERT_LE(d.key.sport, kFlows);
            EXPECT_FALSE(seen[d.key.sport]) << "flow " << d.key.sport << " twice";
            seen[d.key.sport] = true;
            EXPECT_EQ(d.stats.packets, 3u);
        }
        EXPECT_EQ(harvest.fullest_table, kFlows);
    }
}
