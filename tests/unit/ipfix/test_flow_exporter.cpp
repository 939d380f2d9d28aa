// When flows are reported and with which reason, and that the reports add
// up to the counted totals.
#include <gtest/gtest.h>

#include "ipfix/flow_exporter.h"

using namespace netmon;
using namespace netmon::ipfix;

namespace {

constexpr uint64_t kSecond = 1000000000ULL;
constexpr uint64_t kT0 = 1700000000ULL * kSecond;

netmon_flow_key key(uint16_t sport)
{
    netmon_flow_key k{};
    k.kind = NETMON_KIND_IPV4;
    k.proto = 17;
    k.sport = sport;
    k.dport = 53;
    return k;
}

// Builds interval snapshots whose totals are the flows' packets plus what
// the flow table had no room for.
struct SnapshotSeries {
    Snapshot snap;
    std::shared_ptr<FlowDetail> detail = std::make_shared<FlowDetail>();

    SnapshotSeries()
    {
        snap.interfaces.resize(1);
        snap.interfaces[0].ifindex = 4;
        snap.interval_s = 1;
    }
    void packet(uint16_t sport, uint64_t t_ns, uint64_t bytes = 100, uint32_t cpu_copies = 1)
    {
        for (uint32_t c = 0; c < cpu_copies; c++) {
            netmon_flow_stats d{};
            d.packets = 1;
            d.bytes = bytes;
            d.ip_bytes = bytes - 14;
            d.first_seen_ns = d.last_seen_ns = t_ns + c;
            detail->updates.push_back({0, key(sport), d});
            snap.interfaces[0].hooks[0].total += Count{1, bytes};
        }
    }
    // A frame of a flow the full flow table refused (--max-active-flows).
    void refused_packet(uint16_t sport, uint64_t t_ns, uint64_t bytes = 100)
    {
        packet(sport, t_ns, bytes);
        detail->updates.back().held = false;
    }
    void overflow(uint64_t packets, uint64_t bytes)
    {
        snap.interfaces[0].hooks[0].total += Count{packets, bytes};
    }
    void ended(uint16_t sport) { detail->ended.push_back({0, key(sport), 0}); }
    std::vector<FlowReport> close(FlowExporter &e, uint64_t t_ns,
                                  Snapshot::Kind kind = Snapshot::Kind::Interval)
    {
        snap.wall_time_ns = t_ns;
        snap.kind = kind;
        snap.flow_detail = detail;
        auto out = e.reports(snap);
        detail = std::make_shared<FlowDetail>();
        return out;
    }
};

} // namespace

TEST(FlowExporter, IdleEndReportsTheSumOfEveryCpu)
{
    FlowExporter e(60);
    SnapshotSeries run;
    run.packet(1000, kT0 + kSecond / 2, 100, 2);
    EXPECT_TRUE(run.close(e, kT0 + kSecond).empty());
    run.ended(1000);
    auto out = run.close(e, kT0 + 2 * kSecond);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].reason, EndReason::IdleTimeout);
    EXPECT_EQ(out[0].packets, 2u);
    EXPECT_EQ(out[0].bytes, 200u);
    EXPECT_EQ(out[0].ip_bytes, 172u);
    EXPECT_EQ(out[0].ifindex, 4u);
    EXPECT_EQ(out[0].start_ms, (kT0 + kSecond / 2) / 1000000);
    EXPECT_EQ(e.pending_flows(), 0u);
}

TEST(FlowExporter, ActiveTimeoutSplitsALongFlowAndNoRecordSpansIt)
{
    FlowExporter e(5);
    SnapshotSeries run;
    std::vector<FlowReport> all;
    for (int s = 0; s < 18; s++) { // 5 + 5 + 5 reported by timeout, 3 at the end
        run.packet(2000, kT0 + s * kSecond + kSecond / 4);
        for (auto &r : run.close(e, kT0 + (s + 1) * kSecond))
            all.push_back(r);
    }
    for (auto &r : run.close(e, kT0 + 19 * kSecond, Snapshot::Kind::Final))
        all.push_back(r);
    ASSERT_EQ(all.size(), 4u);
    uint64_t packets = 0;
    for (size_t i = 0; i < all.size(); i++) {
        EXPECT_EQ(all[i].reason,
                  i + 1 < all.size() ? EndReason::ActiveTimeout : EndReason::ForcedEnd);
        EXPECT_LT(all[i].end_ms - all[i].start_ms, 5000u);
        EXPECT_LE(all[i].start_ms, all[i].end_ms);
        packets += all[i].packets;
    }
    EXPECT_EQ(packets, 18u);
}

// The flow table will never age out a flow it refused: each interval's
// counts of such a flow are reported at once, as ended for lack of
// resources, and nothing of it waits in the exporter.
TEST(FlowExporter, AFlowTheFullTableRefusedIsReportedEachIntervalWithReasonFive)
{
    FlowExporter e(60);
    SnapshotSeries run;
    run.packet(1000, kT0 + kSecond / 4); // held
    run.refused_packet(2000, kT0 + kSecond / 2, 300);
    auto first = run.close(e, kT0 + kSecond);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].reason, EndReason::LackOfResources);
    EXPECT_FALSE(first[0].not_in_flow) << "a flow record, with its key";
    EXPECT_EQ(first[0].key.sport, 2000);
    EXPECT_EQ(first[0].packets, 1u);
    EXPECT_EQ(first[0].bytes, 300u);
    EXPECT_EQ(first[0].start_ms, (kT0 + kSecond / 2) / 1000000);
    EXPECT_EQ(e.pending_flows(), 1u) << "only the held flow waits";

    run.refused_packet(2000, kT0 + kSecond + kSecond / 2, 300);
    auto second = run.close(e, kT0 + 2 * kSecond);
    ASSERT_EQ(second.size(), 1u) << "no aggregate: the records add up to the totals";
    EXPECT_EQ(second[0].key.sport, 2000);
    EXPECT_EQ(second[0].reason, EndReason::LackOfResources);
    EXPECT_EQ(e.pending_flows(), 1u);
}

TEST(FlowExporter, FramesInNoFlowGoToOneAggregateWithReasonFive)
{
    FlowExporter e(60);
    SnapshotSeries run;
    run.packet(1, kT0);
    run.overflow(3, 180);
    auto out = run.close(e, kT0 + kSecond);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(out[0].not_in_flow);
    EXPECT_EQ(out[0].reason, EndReason::LackOfResources);
    EXPECT_EQ(out[0].packets, 3u);
    EXPECT_EQ(out[0].bytes, 180u);
    // Nothing new outside flows: no aggregate.
    run.packet(1, kT0 + kSecond);
    EXPECT_TRUE(run.close(e, kT0 + 2 * kSecond).empty());
}

TEST(FlowExporter, ASnapshotNeverSeenStillAddsUp)
{
    FlowExporter e(60);
    SnapshotSeries run;
    run.packet(1, kT0);
    run.close(e, kT0 + kSecond);
    run.packet(2, kT0 + kSecond); // its snapshot is "dropped": never given to e
    run.detail = std::make_shared<FlowDetail>();
    run.packet(3, kT0 + 2 * kSecond, 50);
    uint64_t packets = 0, bytes = 0;
    for (auto &r : run.close(e, kT0 + 3 * kSecond, Snapshot::Kind::Final)) {
        packets += r.packets;
        bytes += r.bytes;
    }
    EXPECT_EQ(packets, 3u);
    EXPECT_EQ(bytes, 250u);
}
