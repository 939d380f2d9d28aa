// Rules keyed on a local host read the kernel's per-host counters
// (alerts/host_values.h): exact when the flow table overflowed, sources
// from the sketch then (an estimate), and flow-reading rules say what they
// could not see.
#include <gtest/gtest.h>

#include "alert_test_snapshot.h"
#include "alerts/alert_engine.h"
#include "alerts/host_values.h"
#include "alerts/rule_parser.h"
#include "output/alert_json.h"

namespace netmon::alerts {
namespace {

using testing::set_v4;
using testing::SnapshotBuilder;
using testing::v4_key;

// An interval in which a flood of `received` TCP SYNs reached 10.0.0.5,
// the flow table holding only `in_flows` of them (the rest overflowed).
Snapshot overflowed_flood(double end_s, uint64_t received, uint64_t in_flows,
                          double sources_estimate)
{
    SnapshotBuilder b(end_s);
    for (uint64_t i = 0; i < in_flows; i++) {
        char src[32];
        std::snprintf(src, sizeof(src), "172.16.%u.%u", unsigned(i / 250), unsigned(i % 250 + 1));
        b.flow(v4_key(src, "10.0.0.5", 6, static_cast<uint16_t>(1024 + i), 80), 1, 60, 1, true);
    }
    Snapshot s = b.build();
    const uint64_t overflow = received - in_flows;
    s.total.interval = {received, received * 60};
    s.total.overflow = {overflow, overflow * 60};
    auto hosts = std::make_shared<LocalHostSection>();
    LocalHostCount h;
    set_v4(h.addr.data(), "10.0.0.5");
    h.interval.received.packets[NETMON_HOST_TCP] = received;
    h.interval.received.bytes[NETMON_HOST_TCP] = received * 60;
    h.interval.syn_received = received;
    h.total = h.interval;
    h.sources_estimate = sources_estimate;
    hosts->hosts.push_back(h);
    hosts->sources_error = 0.13;
    s.local_host_counts = hosts;
    return s;
}

std::vector<Rule> rules_of(std::initializer_list<const char *> texts)
{
    std::vector<Rule> out;
    for (const char *t : texts)
        out.push_back(parse_rule(t));
    return out;
}

const AlertEvent *start_of(const std::vector<AlertEventPtr> &events, const std::string &rule)
{
    for (const auto &e : events)
        if (e->alert.rule == rule && e->state == AlertEvent::State::Start)
            return e.get();
    return nullptr;
}

TEST(HostValues, WhichRulesReadTheCounters)
{
    EXPECT_TRUE(reads_host_counters(parse_rule("per dst host pps > 1")));
    EXPECT_TRUE(reads_host_counters(parse_rule("tcp per src host bps > 1")));
    EXPECT_TRUE(reads_host_counters(parse_rule("syn per dst host pps > 1")));
    EXPECT_FALSE(reads_host_counters(parse_rule("syn per src host pps > 1")))
        << "SYNs are counted as received only";
    EXPECT_FALSE(reads_host_counters(parse_rule("dst port 80 per dst host pps > 1")));
    EXPECT_FALSE(reads_host_counters(parse_rule("per dst port pps > 1")));
    EXPECT_FALSE(reads_host_counters(parse_rule("pps > 1")));
}

TEST(HostValues, AHostRuleCountsEveryFrameDespiteOverflow)
{
    AlertEngine engine(rules_of({"per dst host pps > 1000", "syn per dst host pps > 1000"}), {});
    Snapshot s = overflowed_flood(100, 50000, 1024, 40000);
    const auto events = engine.evaluate(s);
    for (const char *rule : {"per dst host pps > 1000", "syn per dst host pps > 1000"}) {
        const AlertEvent *e = start_of(events, rule);
        ASSERT_NE(e, nullptr) << rule;
        EXPECT_EQ(e->packets, 50000u) << rule;
        EXPECT_DOUBLE_EQ(e->alert.value, 50000.0) << rule;
        EXPECT_FALSE(e->unattributed) << rule;
        EXPECT_NE(e->explain.find("per-host counters"), std::string::npos) << e->explain;
        EXPECT_EQ(e->relative_error, 0.0);
    }
}

TEST(HostValues, SourcesComeFromTheSketchOnlyWhenFlowsOverflowed)
{
    AlertEngine engine(rules_of({"per dst host sources > 500"}), {});
    Snapshot flood = overflowed_flood(100, 50000, 400, 31000);
    auto events = engine.evaluate(flood);
    const AlertEvent *e = start_of(events, "per dst host sources > 500");
    ASSERT_NE(e, nullptr) << "400 sources in the flows, 31000 in the sketch";
    EXPECT_DOUBLE_EQ(e->alert.value, 31000.0);
    EXPECT_DOUBLE_EQ(e->relative_error, 0.13);
    EXPECT_NE(e->explain.find("sketch"), std::string::npos) << e->explain;
    const std::string json = render_alert_json_line(*e);
    EXPECT_NE(json.find("\"estimate\":true"), std::string::npos) << json;
    EXPECT_NE(json.find("\"relative_error\":0.13"), std::string::npos) << json;

    // No overflow: the flows' exact count, however the sketch guesses.
    AlertEngine exact(rules_of({"per dst host sources > 500"}), {});
    Snapshot s = overflowed_flood(100, 600, 600, 640);
    s.total.overflow = {};
    events = exact.evaluate(s);
    e = start_of(events, "per dst host sources > 500");
    ASSERT_NE(e, nullptr);
    EXPECT_DOUBLE_EQ(e->alert.value, 600.0);
    EXPECT_EQ(e->relative_error, 0.0);
    EXPECT_NE(render_alert_json_line(*e).find("\"estimate\":false"), std::string::npos);
}

TEST(HostValues, AFlowRuleSaysWhatTheFullTableHid)
{
    AlertEngine engine(rules_of({"dst port 80 per dst host pps > 100"}), {});
    Snapshot s = overflowed_flood(100, 50000, 1024, 40000);
    const auto events = engine.evaluate(s);
    const AlertEvent *e = start_of(events, "dst port 80 per dst host pps > 100");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->packets, 1024u) << "the flows' packets";
    ASSERT_TRUE(e->unattributed);
    EXPECT_EQ((*e->unattributed)[0], 50000u - 1024);
    EXPECT_EQ((*e->unattributed)[1], (50000u - 1024) * 60);
    EXPECT_NE(e->explain.find("unattributed: 48976 packets"), std::string::npos) << e->explain;
    const std::string json = render_alert_json_line(*e);
    EXPECT_NE(json.find("\"unattributed\":{\"bytes\":2938560,\"packets\":48976}"),
              std::string::npos)
        << json;
}

} // namespace
} // namespace netmon::alerts
