#include <gtest/gtest.h>

#include "alert_test_snapshot.h"
#include "alerts/interval_values.h"
#include "alerts/rule_parser.h"

namespace netmon::alerts {
namespace {

using testing::SnapshotBuilder;
using testing::v4_key;

IntervalTallies tally_of(const Rule &r, const Snapshot &s, const LocalNets &nets)
{
    const KnownHosts none;
    return tally(r, s, MatchContext{nets, none});
}

LocalNets local(const char *cidr)
{
    LocalNets n;
    n.add(cidr);
    return n;
}

TEST(IntervalValues, SelectorsPickExactlyWhatTheKeyHolds)
{
    SnapshotBuilder b(100, 2.0);
    b.flow(v4_key("8.8.8.8", "10.0.0.5", 17, 53, 4000), 100, 100000) // DNS answers
        .flow(v4_key("9.9.9.9", "10.0.0.5", 17, 53, 4001), 50, 60000)
        .flow(v4_key("9.9.9.9", "10.0.0.5", 17, 0, 0), 30, 45000) // non-first fragments
        .flow(v4_key("10.0.0.5", "8.8.8.8", 17, 4000, 53), 10, 800)
        .flow(v4_key("1.2.3.4", "10.0.0.6", 6, 1234, 80), 40, 2400, 40, true)
        .flow(v4_key("1.2.3.5", "10.0.0.6", 6, 1235, 80), 5, 300, 1, true);
    const Snapshot s = b.build();
    const LocalNets nets = local("10.0.0.0/24");

    // udp src port 53: the fragments (ports 0) do not match, as in pcap-filter
    Rule r = parse_rule("udp src port 53 per dst host bps > 100k");
    IntervalTallies t = tally_of(r, s, nets);
    ASSERT_EQ(t.by_key.size(), 1u);
    const Tally &victim = t.by_key.begin()->second;
    EXPECT_EQ(victim.packets, 150u);
    EXPECT_EQ(victim.bytes, 160000u);
    EXPECT_DOUBLE_EQ(metric_value(r.primary().metric, victim, t.all_packets, t.interval_s),
                     160000 * 8 / 2.0);

    // udp without ports: every UDP packet, fragments included
    r = parse_rule("udp pps > 1");
    t = tally_of(r, s, nets);
    EXPECT_EQ(t.total.packets, 190u);
    EXPECT_DOUBLE_EQ(metric_value(r.primary().metric, t.total, t.all_packets, t.interval_s), 95);

    // syn: the SYN-without-ACK packets only, per destination
    r = parse_rule("syn per dst host pps > 1000");
    t = tally_of(r, s, nets);
    ASSERT_EQ(t.by_key.size(), 1u);
    EXPECT_EQ(t.by_key.begin()->second.packets, 41u);

    // not syn: the other part of the TCP flows and every other flow
    r = parse_rule("tcp and not syn pps > 1");
    EXPECT_EQ(tally_of(r, s, nets).total.packets, 4u);

    // sources: distinct source addresses per destination
    r = parse_rule("per dst host sources > 500");
    t = tally_of(r, s, nets);
    std::map<uint64_t, uint64_t> sources_by_packets;
    for (const auto &[key, tl] : t.by_key)
        sources_by_packets[tl.packets] = tl.sources;
    EXPECT_EQ(sources_by_packets[180], 2u); // 10.0.0.5: 8.8.8.8, 9.9.9.9
    EXPECT_EQ(sources_by_packets[45], 2u);  // 10.0.0.6
    EXPECT_EQ(sources_by_packets[10], 1u);  // 8.8.8.8

    // flows: the updates that started a flow, per second
    r = parse_rule("tcp flows > 1");
    t = tally_of(r, s, nets);
    EXPECT_EQ(t.total.new_flows, 2u);
    EXPECT_DOUBLE_EQ(metric_value(r.primary().metric, t.total, t.all_packets, t.interval_s), 1.0);

    // share: percent of all packets
    r = parse_rule("udp share > 60%");
    t = tally_of(r, s, nets);
    EXPECT_DOUBLE_EQ(metric_value(r.primary().metric, t.total, t.all_packets, t.interval_s),
                     100.0 * 190 / 235);

    // directions relative to the local networks
    EXPECT_EQ(tally_of(parse_rule("inbound pps > 1"), s, nets).total.packets, 225u);
    EXPECT_EQ(tally_of(parse_rule("outbound pps > 1"), s, nets).total.packets, 10u);
    EXPECT_EQ(tally_of(parse_rule("internal pps > 1"), s, nets).total.packets, 0u);

    // dst port keys carry the protocol; fragments have no port
    r = parse_rule("per dst port pps > 1");
    t = tally_of(r, s, nets);
    EXPECT_EQ(t.by_key.size(), 4u); // 4000/udp, 4001/udp, 53/udp, 80/tcp
}

// Under a flood of new flows the flow table fills (--max-active-flows): a
// flow it refused is new to it in each interval it sends in, so the rate of
// new flows stays the flood's instead of falling to zero.
TEST(IntervalValues, AFlowTheFullTableRefusedCountsAsNew)
{
    SnapshotBuilder b(10);
    b.flow(v4_key("1.1.1.1", "2.2.2.2", 6, 1, 80), 1, 60, 1, true)
        .flow(v4_key("1.1.1.2", "2.2.2.2", 6, 2, 80), 1, 60, 1)
        .flow(v4_key("1.1.1.3", "2.2.2.2", 6, 3, 80), 1, 60, 1);
    Snapshot s = b.build();
    auto detail = std::make_shared<FlowDetail>(*s.flow_detail);
    detail->updates[2].held = false;
    s.flow_detail = detail;
    EXPECT_EQ(tally_of(parse_rule("tcp flows > 1"), s, LocalNets{}).total.new_flows, 2u)
        << "the started flow and the refused one, not the one held since before";
}

TEST(IntervalValues, RuleOverEverythingCountsTheCounters)
{
    SnapshotBuilder b(10);
    b.flow(v4_key("1.1.1.1", "2.2.2.2", 6, 1, 2), 10, 1000);
    Snapshot s = b.build();
    s.total.interval.packets += 7; // frames that found the flow table full
    s.total.interval.bytes += 700;
    const Tally t = tally_of(parse_rule("pps > 1"), s, LocalNets{}).total;
    EXPECT_EQ(t.packets, 17u);
    EXPECT_EQ(t.bytes, 1700u);
}

} // namespace
} // namespace netmon::alerts
