// The engine on issue 25's cases: hysteresis by default, compound
// conditions, the baseline floor, `new` hosts, net keys, rst/fin/arp, and
// the flow classes that let a rule skip flows it cannot match.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <unistd.h>

#include "alert_test_snapshot.h"
#include "alerts/alert_engine.h"
#include "alerts/flow_classes.h"
#include "alerts/rule_parser.h"
#include "core/error.h"
#include "output/alert_json.h"

namespace netmon::alerts {
namespace {

using testing::l2_key;
using testing::SnapshotBuilder;
using testing::v4_key;

std::vector<Rule> rules_of(std::initializer_list<const char *> texts)
{
    std::vector<Rule> out;
    for (const char *t : texts)
        out.push_back(parse_rule(t));
    return out;
}

// "start@4 end@40": the events of one-second intervals 1..n, the snapshot
// of second s from make(s).
template <typename Make> std::string run(AlertEngine &engine, int n, Make make)
{
    std::string out;
    for (int s = 1; s <= n; s++) {
        Snapshot snap = make(s);
        for (const auto &e : engine.evaluate(snap))
            out += (out.empty() ? "" : " ") + std::string(alert_state_name(e->state)) + "@" +
                   std::to_string(s);
    }
    return out;
}

Snapshot udp_at(int s, uint64_t pps, const char *dst = "10.0.0.2")
{
    SnapshotBuilder b(s);
    if (pps)
        b.flow(v4_key("10.0.0.1", dst, 17, 1000, 2000), pps, pps * 100);
    return b.build();
}

TEST(AlertConditions, DefaultClearHoldsThroughPausesShorterThan30s)
{
    AlertOptions opts; // --alert-clear 30 by default
    // bursts at 3-5, 15-17 and 40: pauses of 9 s, then 22 s, then quiet
    auto burst = [](int s) { return (s >= 3 && s <= 5) || (s >= 15 && s <= 17) || s == 40; };
    opts.update_s = 1000;
    AlertEngine quiet_updates(rules_of({"udp pps > 1000"}), opts);
    EXPECT_EQ(run(quiet_updates, 80, [&](int s) { return udp_at(s, burst(s) ? 5000 : 10); }),
              "start@3 end@70");
    // --alert-clear 0: the rule's own duration (at least one interval)
    opts.clear_s = 0;
    AlertEngine flapping(rules_of({"udp pps > 1000"}), opts);
    EXPECT_EQ(run(flapping, 45, [&](int s) { return udp_at(s, burst(s) ? 5000 : 10); }),
              "start@3 end@6 start@15 end@18 start@40 end@41");
}

TEST(AlertConditions, EveryConditionMustHold)
{
    AlertOptions opts;
    opts.clear_s = 1;
    AlertEngine engine(rules_of({"udp share > 80% and pps > 1000"}), opts);
    // all UDP: share 100% every second; pps 500, then 1500
    EXPECT_EQ(run(engine, 6, [](int s) { return udp_at(s, s <= 3 ? 500 : 1500); }), "start@4");
    // '<': a drop below a floor
    AlertEngine below(rules_of({"udp pps < 100 and pps > 0"}), opts);
    EXPECT_EQ(run(below, 6, [](int s) { return udp_at(s, s == 3 || s == 4 ? 50 : 500); }),
              "start@3 end@5");
}

TEST(AlertConditions, ExplainNamesEveryCondition)
{
    AlertOptions opts;
    AlertEngine engine(rules_of({"udp share > 80% and pps > 1000"}), opts);
    Snapshot snap = udp_at(1, 2000);
    const auto events = engine.evaluate(snap);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0]->alert.metric, "share");
    EXPECT_EQ(events[0]->alert.value, 100);
    EXPECT_EQ(events[0]->alert.threshold, 80);
    EXPECT_NE(events[0]->explain.find("; and pps = 2000 packets / 1 s, threshold 1000"),
              std::string::npos)
        << events[0]->explain;
}

TEST(AlertConditions, AZeroBaselineNeverGivesAZeroThreshold)
{
    AlertOptions opts;
    opts.warmup_s = 5;
    AlertEngine engine(rules_of({"udp pps > 3x baseline"}), opts);
    std::vector<const AlertEvent *> starts;
    std::vector<AlertEventPtr> keep;
    for (int s = 1; s <= 12; s++) {
        // nothing for 5 s, then 50 pps (under the floor), then 150 pps
        Snapshot snap = udp_at(s, s <= 5 ? 0 : s <= 8 ? 50 : 150);
        for (auto &e : engine.evaluate(snap)) {
            keep.push_back(e);
            if (e->state == AlertEvent::State::Start)
                starts.push_back(e.get());
        }
    }
    ASSERT_EQ(starts.size(), 1u);
    EXPECT_EQ(starts[0]->timestamp_ns, 9000000000ULL);
    EXPECT_EQ(starts[0]->alert.threshold, baseline_floor(Metric::Pps));
    EXPECT_EQ(*starts[0]->alert.baseline, 0);
    EXPECT_NE(starts[0]->explain.find("raised to the floor 100"), std::string::npos)
        << starts[0]->explain;
}

// Learning 5 s of traffic to two hosts, then a third.
Snapshot outbound_to(int s, bool third)
{
    SnapshotBuilder b(s);
    b.flow(v4_key("10.0.0.1", "192.0.2.1", 17, 1, 443), 250, 250000);
    b.flow(v4_key("10.0.0.1", "192.0.2.2", 17, 1, 443), 250, 250000);
    if (third)
        b.flow(v4_key("10.0.0.1", "203.0.113.9", 17, 1, 443), 250, 250000);
    Snapshot snap = b.build();
    snap.local_nets = {"10.0.0.0/8"};
    return snap;
}

TEST(AlertConditions, NewDestinationAfterTheLearningPeriod)
{
    AlertOptions opts;
    opts.warmup_s = 5;
    const char *rule = "outbound and new dst host per dst host bps > 1M for 2s";
    AlertEngine engine(rules_of({rule}), opts);
    std::vector<std::string> keys;
    for (int s = 1; s <= 10; s++) {
        Snapshot snap = outbound_to(s, s >= 6);
        for (const auto &e : engine.evaluate(snap))
            keys.push_back(std::string(alert_state_name(e->state)) + " " +
                           alert_key_text(e->alert.key) + " @" + std::to_string(s));
        ASSERT_TRUE(snap.alerts);
        EXPECT_EQ(snap.alerts->learning.size(), s < 5 ? 1u : 0u) << s;
    }
    EXPECT_EQ(keys, (std::vector<std::string>{"start dst host 203.0.113.9 @7"}));

    // A host seen during learning is never new, even when it appears in a
    // later interval of the learning period only.
    AlertEngine late(rules_of({rule}), opts);
    EXPECT_EQ(run(late, 10, [](int s) { return outbound_to(s, s == 4 || s >= 6); }), "");

    // --known-hosts: addresses and CIDRs
    char path[] = "/tmp/netmon-known-XXXXXX";
    const int fd = mkstemp(path);
    ASSERT_GE(fd, 0);
    close(fd);
    std::ofstream(path) << "# partners\n\n203.0.113.0/24  # the whole net\n2001:db8::1\n";
    opts.known_hosts_file = path;
    AlertEngine known(rules_of({rule}), opts);
    EXPECT_EQ(run(known, 10, [](int s) { return outbound_to(s, s >= 6); }), "");
    std::ofstream(path) << "203.0.113.9/33\n";
    try {
        AlertEngine bad(rules_of({rule}), opts);
        ADD_FAILURE() << "a bad --known-hosts was accepted";
    } catch (const Error &e) {
        EXPECT_NE(std::string(e.what()).find("line 1: '203.0.113.9/33' is not an address or CIDR"),
                  std::string::npos)
            << e.what();
        EXPECT_EQ(e.exit_code(), kExitUsage);
    }
    // Without a rule that uses `new`, the file would change nothing: refused.
    std::ofstream(path) << "203.0.113.9\n";
    try {
        AlertEngine useless(rules_of({"per dst host pps > 1000"}), opts);
        ADD_FAILURE() << "--known-hosts without a `new` rule was accepted";
    } catch (const Error &e) {
        EXPECT_EQ(std::string(e.what()),
                  "--known-hosts lists hosts that are never new, and no rule uses 'new [src|dst] "
                  "host': add such a rule or drop --known-hosts");
        EXPECT_EQ(e.exit_code(), kExitUsage);
    }
    std::remove(path);
}

TEST(AlertConditions, NetKeysGroupByPrefixInEachFamily)
{
    AlertOptions opts;
    AlertEngine engine(rules_of({"per src net /24 pps > 1000"}), opts);
    SnapshotBuilder b(1);
    for (int i = 1; i <= 200; i++) {
        char src[32];
        std::snprintf(src, sizeof(src), "198.51.100.%d", i);
        b.flow(v4_key(src, "10.0.0.5", 17, 53, 4000), 10, 1000); // 2000 pps from the /24
    }
    b.flow(v4_key("198.51.101.1", "10.0.0.5", 17, 53, 4000), 900, 90000);
    Snapshot snap = b.build();
    const auto events = engine.evaluate(snap);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(alert_key_text(events[0]->alert.key), "src net 198.51.100.0/24");
    EXPECT_EQ(alert_key_json(events[0]->alert.key).dump(), R"({"src_net":"198.51.100.0/24"})");
    EXPECT_EQ(events[0]->alert.value, 2000);
}

TEST(AlertConditions, RstFinAndArpPickWhatTheKernelSaw)
{
    SnapshotBuilder b(1);
    b.flow(v4_key("10.0.0.1", "10.0.0.2", 6, 1, 80), 7, 700).tcp_flags(0x14); // RST|ACK
    b.flow(v4_key("10.0.0.1", "10.0.0.3", 6, 2, 80), 5, 500).tcp_flags(0x11); // FIN|ACK
    b.flow(v4_key("10.0.0.1", "10.0.0.4", 6, 3, 80), 3, 300).tcp_flags(0x10); // ACK
    b.flow(l2_key(0x0806), 4, 240);
    b.flow(l2_key(0x88cc), 2, 120); // LLDP
    const Snapshot s = b.build();
    const LocalNets nets;
    const KnownHosts known;
    const MatchContext ctx{nets, known};
    EXPECT_EQ(tally(parse_rule("rst pps > 1"), s, ctx).total.packets, 7u);
    EXPECT_EQ(tally(parse_rule("fin pps > 1"), s, ctx).total.packets, 5u);
    EXPECT_EQ(tally(parse_rule("rst or fin bps > 1"), s, ctx).total.bytes, 1200u);
    EXPECT_EQ(tally(parse_rule("tcp and not rst pps > 1"), s, ctx).total.packets, 8u);
    EXPECT_EQ(tally(parse_rule("arp pps > 1"), s, ctx).total.packets, 4u);
}

// The flow classes only skip what cannot match: every rule's tally is the
// same with the index as over every update.
TEST(AlertConditions, FlowClassesSkipOnlyWhatCannotMatch)
{
    SnapshotBuilder b(1);
    b.flow(v4_key("8.8.8.8", "10.0.0.5", 17, 53, 4000), 100, 100000);
    b.flow(v4_key("10.0.0.5", "8.8.8.8", 17, 0, 0), 3, 4500); // fragment
    b.flow(v4_key("1.2.3.4", "10.0.0.6", 6, 1234, 80), 40, 2400, 40, true);
    b.flow(v4_key("10.0.0.6", "1.2.3.4", 6, 80, 1234), 30, 45000).tcp_flags(0x14);
    b.flow(v4_key("10.0.0.7", "1.2.3.4", 1, 0, 0x0800), 4, 400);
    b.flow(v4_key("10.0.0.7", "1.2.3.4", 132, 5, 6), 6, 600);
    b.flow(v4_key("10.0.0.7", "1.2.3.4", 47, 0, 0), 8, 800); // GRE
    b.flow(l2_key(0x0806), 4, 240);
    b.flow(l2_key(0x88cc), 2, 120);
    Snapshot s = b.build();
    s.local_nets = {"10.0.0.0/24"};
    LocalNets nets;
    nets.add("10.0.0.0/24");
    const KnownHosts known;
    const MatchContext ctx{nets, known};
    const FlowIndex index = FlowIndex::build(*s.flow_detail);
    for (const char *text :
         {"udp src port 53 per dst host bps > 1", "syn per dst host pps > 1", "not syn pps > 1",
          "tcp and not syn pps > 1", "per dst host sources > 1", "icmp or proto 47 pps > 1",
          "port 5 pps > 1", "arp or ip pps > 1", "not arp pps > 1", "rst bps > 1",
          "per dst port flows > 1", "inbound per src net /8 pps > 1", "new host pps > 1",
          "proto 132 pps > 1", "proto 58 pps > 1", "ip6 pps > 1", "flows > 1"}) {
        const Rule r = parse_rule(text);
        const IntervalTallies all = tally(r, s, ctx);
        const IntervalTallies indexed = tally(r, s, ctx, &index);
        EXPECT_EQ(indexed.total.packets, all.total.packets) << text;
        EXPECT_EQ(indexed.total.bytes, all.total.bytes) << text;
        EXPECT_EQ(indexed.total.sources, all.total.sources) << text;
        EXPECT_EQ(indexed.total.new_flows, all.total.new_flows) << text;
        EXPECT_EQ(indexed.by_key.size(), all.by_key.size()) << text;
    }
    // ...and they do skip: a UDP rule reads no TCP flow.
    const Rule udp = parse_rule("udp src port 53 pps > 1");
    EXPECT_EQ(rule_classes(udp), 1u << kClassUdp);
    EXPECT_EQ(tally(udp, s, ctx, &index).total.updates, 1u);
    EXPECT_EQ(rule_classes(parse_rule("syn pps > 1")), 1u << kClassTcpSyn);
}

} // namespace
} // namespace netmon::alerts
