// merge_snapshots: what an output that fell behind gets instead of two
// intervals. Interval counts add up exactly, rates are over the merged
// length, and what describes "now" comes from the later snapshot.
#include <gtest/gtest.h>

#include "sinks/snapshot_merge.h"

using namespace netmon;

namespace {

constexpr size_t kIn = static_cast<size_t>(Direction::Inbound);

// An interval of `seconds` that counted `interval` frames, `total` since start.
Snapshot interval_of(double seconds, Count interval, Count total, uint64_t sequence)
{
    Snapshot s;
    s.interval_s = seconds;
    s.elapsed_s = static_cast<double>(sequence) * seconds;
    s.sequence = sequence;
    s.wall_time_ns = sequence * 1000000000ULL;
    s.total.interval = interval;
    s.total.total = total;
    s.total.interval_rate = rate_of(interval, seconds);
    s.total.hooks[NETMON_HOOK_INGRESS].interval = interval;
    s.total.hooks[NETMON_HOOK_INGRESS].total = total;
    s.directions[kIn].interval = interval;
    s.directions[kIn].total = total;
    s.total.directions = s.directions;
    TrafficSection iface = s.total;
    iface.name = "veth0";
    s.interfaces.push_back(iface);
    return s;
}

FlowDetail::Update update(uint32_t src_last_byte, uint64_t packets, bool started)
{
    FlowDetail::Update u;
    u.key.src[15] = static_cast<uint8_t>(src_last_byte);
    u.delta.packets = packets;
    u.delta.bytes = packets * 100;
    u.delta.first_seen_ns = 10 + packets;
    u.delta.last_seen_ns = 20 + packets;
    u.started = started;
    return u;
}

} // namespace

TEST(SnapshotMerge, IntervalCountsAddAndRatesCoverTheMergedSpan)
{
    Snapshot a = interval_of(1.0, {10, 1000}, {10, 1000}, 1);
    Snapshot b = interval_of(1.0, {30, 6000}, {40, 7000}, 2);
    b.total.interval_rate = rate_of(b.total.interval, 1.0);
    Snapshot m = merge_snapshots(a, b, false);

    EXPECT_EQ(m.merged_intervals, 2u);
    EXPECT_DOUBLE_EQ(m.interval_s, 2.0);
    EXPECT_EQ(m.total.interval, (Count{40, 7000}));
    EXPECT_EQ(m.total.total, (Count{40, 7000})); // since start: the later one's
    EXPECT_DOUBLE_EQ(m.total.interval_rate.pps, 20.0);
    EXPECT_DOUBLE_EQ(m.total.interval_rate.bps, 7000 * 8 / 2.0);
    EXPECT_EQ(m.total.hooks[NETMON_HOOK_INGRESS].interval, (Count{40, 7000}));
    EXPECT_DOUBLE_EQ(m.total.hooks[NETMON_HOOK_INGRESS].interval_rate.pps, 20.0);
    EXPECT_EQ(m.directions[kIn].interval, (Count{40, 7000}));
    EXPECT_DOUBLE_EQ(m.directions[kIn].interval_rate.pps, 20.0);
    EXPECT_EQ(m.total.directions[kIn].interval, (Count{40, 7000}));
    ASSERT_EQ(m.interfaces.size(), 1u);
    EXPECT_EQ(m.interfaces[0].interval, (Count{40, 7000}));
    EXPECT_DOUBLE_EQ(m.interfaces[0].interval_rate.pps, 20.0);
    // The later snapshot's identity: its end, its sequence number.
    EXPECT_EQ(m.sequence, 2u);
    EXPECT_EQ(m.wall_time_ns, b.wall_time_ns);
    EXPECT_DOUBLE_EQ(m.elapsed_s, b.elapsed_s);
}

TEST(SnapshotMerge, MergingAgainCountsEveryInterval)
{
    // A queue that stays full folds each new interval into the pending one.
    Snapshot m = interval_of(0.5, {1, 100}, {1, 100}, 1);
    uint64_t total = 1;
    for (uint64_t seq = 2; seq <= 10; seq++) {
        total += seq;
        m = merge_snapshots(m, interval_of(0.5, {seq, seq * 100}, {total, total * 100}, seq),
                            false);
    }
    EXPECT_EQ(m.merged_intervals, 10u);
    EXPECT_DOUBLE_EQ(m.interval_s, 5.0);
    EXPECT_EQ(m.total.interval, (Count{55, 5500}));
    EXPECT_EQ(m.total.total, (Count{55, 5500}));
    EXPECT_DOUBLE_EQ(m.total.interval_rate.pps, 11.0);
}

TEST(SnapshotMerge, NoticesLossesAndTheFullestTableAreKept)
{
    Snapshot a = interval_of(1, {}, {}, 1);
    Snapshot b = interval_of(1, {}, {}, 2);
    a.notices = {"first"};
    b.notices = {"second"};
    a.alert_events_lost = 3;
    b.alert_events_lost = 4;
    a.total.flow_table = {.tables = 2, .table_capacity = 100, .entries = 150, .fullest_table = 90};
    b.total.flow_table = {.tables = 2, .table_capacity = 100, .entries = 20, .fullest_table = 10};
    a.poll_duration_s = 0.5;
    b.poll_duration_s = 0.1;
    a.interfaces[0].gone = true;
    Snapshot m = merge_snapshots(a, b, false);
    EXPECT_EQ(m.notices, (std::vector<std::string>{"first", "second"}));
    EXPECT_EQ(m.alert_events_lost, 7u);
    EXPECT_EQ(m.total.flow_table.fullest_table, 90u);
    EXPECT_EQ(m.total.flow_table.entries, 150u);
    EXPECT_DOUBLE_EQ(m.poll_duration_s.value(), 0.5);
    EXPECT_TRUE(m.interfaces[0].gone);
}

TEST(SnapshotMerge, TheLaterStateWinsForTopListsAlertsAndTheFinalKind)
{
    Snapshot a = interval_of(1, {}, {}, 1);
    Snapshot b = interval_of(1, {}, {}, 2);
    b.kind = Snapshot::Kind::Final;
    a.top.sources.push_back({.total = {1, 1}});
    b.top.sources.push_back({.total = {5, 5}});
    b.top.sources.push_back({.total = {2, 2}});
    a.alerts = AlertSection{{ActiveAlert{.rule = "old", .value = 1}}, {}};
    b.alerts = AlertSection{{ActiveAlert{.rule = "new", .value = 2}}, {}};
    Snapshot m = merge_snapshots(a, b, false);
    EXPECT_EQ(m.kind, Snapshot::Kind::Final);
    ASSERT_EQ(m.top.sources.size(), 2u);
    EXPECT_EQ(m.top.sources[0].total.packets, 5u);
    ASSERT_TRUE(m.alerts);
    ASSERT_EQ(m.alerts->active.size(), 1u);
    EXPECT_EQ(m.alerts->active[0].rule, "new");
}

TEST(SnapshotMerge, FlowDetailIsFoldedPerFlowOnlyWhenWanted)
{
    Snapshot a = interval_of(1, {}, {}, 1);
    Snapshot b = interval_of(1, {}, {}, 2);
    auto da = std::make_shared<FlowDetail>();
    da->updates = {update(1, 2, true), update(2, 1, true)};
    da->ended = {{0, update(3, 0, false).key, 5}};
    auto db = std::make_shared<FlowDetail>();
    db->updates = {update(1, 3, false), update(4, 7, true)};
    db->ended = {{0, update(2, 0, false).key, 9}};
    a.flow_detail = da;
    b.flow_detail = db;

    EXPECT_FALSE(merge_snapshots(a, b, false).flow_detail);

    Snapshot m = merge_snapshots(a, b, true);
    ASSERT_TRUE(m.flow_detail);
    const auto &u = m.flow_detail->updates;
    ASSERT_EQ(u.size(), 3u); // flows 1, 2, 4: flow 1's two updates are one
    EXPECT_EQ(u[0].delta.packets, 5u);
    EXPECT_EQ(u[0].delta.bytes, 500u);
    EXPECT_TRUE(u[0].started);
    EXPECT_EQ(u[0].delta.first_seen_ns, 12u);
    EXPECT_EQ(u[0].delta.last_seen_ns, 23u);
    EXPECT_EQ(u[1].delta.packets, 1u);
    EXPECT_EQ(u[2].delta.packets, 7u);
    EXPECT_EQ(m.flow_detail->ended.size(), 2u);
    uint64_t packets = 0;
    for (const auto &x : u)
        packets += x.delta.packets;
    EXPECT_EQ(packets, 2u + 1 + 3 + 7);
}
