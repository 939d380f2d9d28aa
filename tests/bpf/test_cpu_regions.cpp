// The program bounds its CPU id against the flow regions it was given: a
// frame on a CPU without a region counts in its class and as overflow,
// and in no region's table. Loaded here with one region per bank, and run
// on the second CPU: unbounded, its region index (bank 0, CPU 1) would be
// bank 1's first region.
#include <gtest/gtest.h>
#include <unistd.h>

#include "loader/generation_reader.h"
#include "support/xdp_harness.h"

namespace netmon::test {
namespace {

TEST(CpuRegions, AFrameOnACpuPastTheRegionsCountsButWritesNoRecord)
{
    if (geteuid() != 0)
        GTEST_SKIP() << "needs root (CAP_BPF) to load BPF programs";
    std::vector<int> cpus = PinnedToCpu::allowed();
    if (cpus.size() < 2 || cpus[0] != 0)
        GTEST_SKIP() << "needs CPU 0 and another CPU to run on";
    XdpHarness h(64, /*replay_batches=*/false, /*cpu_regions=*/1);
    ASSERT_EQ(h.obj().cpus(), 1u);
    const Bytes frame =
        FrameBuilder().ethernet(kMacA, kMacB).ipv4(kIp4A, kIp4B).udp(1000, 53).build();
    {
        PinnedToCpu pin(cpus[1]);
        h.run_ok(frame);
        h.run_ok(frame);
    }
    {
        PinnedToCpu pin(0);
        h.run_ok(frame);
    }
    EXPECT_EQ(h.counter(NETMON_CTR_IP_PROTO_BASE + 17).packets, 3u) << "every frame in its class";
    EXPECT_EQ(h.counter(NETMON_CTR_CPU_WITHOUT_REGION).packets, 2u);
    EXPECT_EQ(h.counter(NETMON_CTR_FLOW_OVERFLOW).packets, 2u);
    EXPECT_EQ(h.counter(NETMON_CTR_FLOW_OVERFLOW).bytes, 2 * frame.size());
    EXPECT_EQ(h.obj().records_used(0, 0).count, 1u) << "CPU 0's frame in its own region";
    EXPECT_EQ(h.obj().records_used(1, 0).count, 0u) << "nothing written into bank 1";

    GenerationReader reader(h.obj(), /*wait_for_readers=*/false);
    Harvest &harvest = reader.harvest();
    ASSERT_EQ(harvest.flows.size(), 1u);
    EXPECT_EQ(harvest.flows[0].stats.packets, 1u);
    EXPECT_EQ(harvest.counters[NETMON_HOOK_INGRESS][NETMON_CTR_CPU_WITHOUT_REGION].packets, 2u);
}

} // namespace
} // namespace netmon::test
