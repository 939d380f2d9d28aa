// Overflow means full (issue 24): a region's flows overflow only once all
// --max-flows of its records are taken, whatever the hash seed, because the
// index always has a free slot; and its records come back in arrival order.
#include <gtest/gtest.h>
#include <unistd.h>

#include "loader/flow_records.h"
#include "loader/generation_reader.h"
#include "support/frame_builder.h"
#include "support/xdp_harness.h"

using namespace netmon;
using namespace netmon::test;

namespace {

Bytes tcp_frame(uint32_t flow)
{
    const Ipv4Addr src = {10, 88, static_cast<uint8_t>(flow >> 8), static_cast<uint8_t>(flow)};
    return FrameBuilder()
        .ethernet(kMacA, kMacB)
        .ipv4(src, kIp4B)
        .tcp(static_cast<uint16_t>(1024 + flow), 443, 0x10)
        .build();
}

} // namespace

// 4096 flows fill a 4096-record region exactly, in probe chains that cross
// buckets (5120 slots in 320 buckets: many get more than 16 flows); the
// 4097th flow on overflows, one frame each; the held flows keep counting.
// Three loads, three hash seeds.
TEST(FlowTableFull, OverflowsOnlyWhenEveryRecordIsTaken)
{
    if (geteuid() != 0)
        GTEST_SKIP() << "needs root (CAP_BPF) to load BPF programs";
    constexpr uint32_t kMaxFlows = 4096, kExtra = 100;
    PinnedToCpu pin(PinnedToCpu::allowed().at(0));
    for (int load = 0; load < 3; load++) {
        XdpHarness h(kMaxFlows);
        ASSERT_EQ(h.obj().index_buckets(), 320u);
        GenerationReader reader(h.obj(), /*wait_for_readers=*/false);
        for (uint32_t flow = 0; flow < kMaxFlows; flow++)
            h.run_ok(tcp_frame(flow));
        EXPECT_EQ(h.counter(NETMON_CTR_FLOW_OVERFLOW).packets, 0u) << "load " << load;
        for (uint32_t flow = kMaxFlows; flow < kMaxFlows + kExtra; flow++)
            h.run_ok(tcp_frame(flow));
        EXPECT_EQ(h.counter(NETMON_CTR_FLOW_OVERFLOW).packets, kExtra) << "load " << load;
        for (uint32_t flow = 0; flow < kMaxFlows; flow++)
            h.run_ok(tcp_frame(flow));
        EXPECT_EQ(h.counter(NETMON_CTR_FLOW_OVERFLOW).packets, kExtra) << "load " << load;

        Harvest &harvest = reader.harvest();
        ASSERT_EQ(harvest.flows.size(), kMaxFlows);
        for (uint32_t flow = 0; flow < kMaxFlows; flow++) {
            const FlowDelta &d = harvest.flows[flow];
            ASSERT_EQ(d.key.sport, 1024 + flow) << "records come back in arrival order";
            EXPECT_EQ(d.stats.packets, 2u);
        }
        // The harvest emptied the index: the same flows fit again.
        reader.harvest(); // the other bank, empty
        for (uint32_t flow = kMaxFlows; flow > 0; flow--)
            h.run_ok(tcp_frame(flow - 1));
        Harvest &again = reader.harvest();
        EXPECT_EQ(again.counters[NETMON_HOOK_INGRESS][NETMON_CTR_FLOW_OVERFLOW].packets, 0u);
        ASSERT_EQ(again.flows.size(), kMaxFlows);
        EXPECT_EQ(again.flows[0].key.sport, 1024 + kMaxFlows - 1);
    }
}

// A one-record region: its only flow counts, every other overflows.
TEST(FlowTableFull, OneRecordHoldsOneFlow)
{
    if (geteuid() != 0)
        GTEST_SKIP() << "needs root (CAP_BPF) to load BPF programs";
    PinnedToCpu pin(PinnedToCpu::allowed().at(0));
    XdpHarness h(1);
    h.run_ok(tcp_frame(7));
    h.run_ok(tcp_frame(8));
    h.run_ok(tcp_frame(7));
    EXPECT_EQ(h.counter(NETMON_CTR_FLOW_OVERFLOW).packets, 1u);
    auto flows = h.flows();
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(flows[0].key.sport, 1024 + 7);
    EXPECT_EQ(flows[0].stats.packets, 2u);
}

// A few flows in a big region: the harvest clears exactly their index slots
// (not the whole index), which leaves the index empty, so the region's next
// generation takes new flows from its first record on.
TEST(FlowTableFull, ASparseHarvestLeavesAnEmptyIndex)
{
    if (geteuid() != 0)
        GTEST_SKIP() << "needs root (CAP_BPF) to load BPF programs";
    constexpr uint32_t kMaxFlows = 4096, kFlows = 50;
    ASSERT_FALSE(clear_whole_index(kFlows, netmon_index_buckets(kMaxFlows)));
    PinnedToCpu pin(PinnedToCpu::allowed().at(0));
    XdpHarness h(kMaxFlows);
    GenerationReader reader(h.obj(), /*wait_for_readers=*/false);
    for (uint32_t round = 0; round < 2; round++) {
        for (uint32_t flow = 0; flow < kFlows; flow++)
            h.run_ok(tcp_frame(round * 1000 + flow));
        ASSERT_EQ(reader.harvest().flows.size(), kFlows);
        reader.harvest(); // the other bank: back to bank 0 for the next round
        for (uint32_t cpu = 0; cpu < h.obj().cpus(); cpu++)
            for (uint32_t b = 0; b < h.obj().index_buckets(); b++)
                for (uint32_t slot : h.obj().index(0, cpu)[b].slot)
                    ASSERT_EQ(slot, 0u) << "round " << round << ", CPU " << cpu << ", bucket " << b;
    }
}
