#include <gtest/gtest.h>

#include <cstdio>
#include <unistd.h>

#include "alert_test_snapshot.h"
#include "alerts/alert_engine.h"
#include "alerts/rule_parser.h"
#include "output/alert_json.h"

namespace netmon::alerts {
namespace {

using testing::SnapshotBuilder;
using testing::v4_key;

std::vector<Rule> rules_of(std::initializer_list<const char *> texts)
{
    std::vector<Rule> out;
    for (const char *t : texts)
        out.push_back(parse_rule(t));
    return out;
}

// A spoofed SYN flood on 10.0.0.5 at `pps` from `sources` addresses.
Snapshot flood(double end_s, uint64_t pps, int sources)
{
    SnapshotBuilder b(end_s);
    for (int i = 0; i < sources; i++) {
        char src[32];
        std::snprintf(src, sizeof(src), "172.16.%d.%d", i / 250, i % 250 + 1);
        const uint64_t n = pps / sources + (static_cast<uint64_t>(i) < pps % sources ? 1 : 0);
        b.flow(v4_key(src, "10.0.0.5", 6, static_cast<uint16_t>(1024 + i), 80), n, n * 60, n, true);
    }
    b.flow(v4_key("10.0.0.7", "10.0.0.8", 6, 5000, 443), 200, 300000); // benign
    return b.build();
}

TEST(AlertEngine, OneStartAndOneEndPerAttack)
{
    AlertOptions opts;
    opts.clear_s = 2;
    AlertEngine engine(rules_of({"flood: syn per dst host pps > 1000 for 2s"}), opts);
    std::vector<std::string> seen;
    for (int s = 1; s <= 12; s++) {
        const bool attack = s >= 3 && s <= 8;
        Snapshot snap = attack ? flood(s, 5000, 500) : flood(s, 10, 5);
        for (const auto &e : engine.evaluate(snap)) {
            seen.push_back(std::string(alert_state_name(e->state)) + "@" + std::to_string(s));
            const auto j = alert_event_json(*e);
            EXPECT_EQ(j["type"], "alert");
            EXPECT_EQ(j["key"]["dst_host"], "10.0.0.5");
            EXPECT_EQ(j["name"], "flood");
            EXPECT_EQ(j["rule"], "flood: syn per dst host pps > 1000 for 2s");
            EXPECT_EQ(j["threshold"], 1000);
            if (e->state == AlertEvent::State::Start) {
                EXPECT_EQ(j["value"], 5000);
                EXPECT_EQ(j["since"], "1970-01-01T00:00:02.000Z");
                EXPECT_EQ(e->top.sources.size(), 5u);
                EXPECT_EQ(e->top.destinations.at(0).label, "10.0.0.5");
                EXPECT_EQ(e->top.destinations.at(0).packets, 5000u);
                EXPECT_EQ(e->top.ports.at(0).label, "80/tcp");
                EXPECT_NE(e->explain.find("5000 packets / 1 s"), std::string::npos) << e->explain;
            }
        }
        ASSERT_TRUE(snap.alerts);
        EXPECT_EQ(snap.alerts->active.size(), (s >= 4 && s <= 9) ? 1u : 0u) << s;
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"start@4", "end@10"}));
}

TEST(AlertEngine, PerKeyStateStaysBoundedUnderSpoofedSources)
{
    AlertOptions opts;
    // per src host over a flood of 20000 sources at one packet each: none
    // reaches a tenth of the threshold, so no state is kept for any: only
    // the benign 200 pps sender holds state (and an alert).
    AlertEngine engine(rules_of({"per src host pps > 100"}), opts);
    Snapshot snap = flood(1, 20000, 20000);
    auto events = engine.evaluate(snap);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(alert_key_text(events[0]->alert.key), "src host 10.0.0.7");
    EXPECT_EQ(engine.tracked_keys(), 1u);
    EXPECT_EQ(engine.untracked_keys(), 0u);
}

TEST(AlertEngine, BaselineLearnsStartsOnAStepAndReloads)
{
    char dir[] = "/tmp/netmon-baseline-XXXXXX";
    ASSERT_TRUE(mkdtemp(dir));
    const std::string file = std::string(dir) + "/baseline.json";
    AlertOptions opts;
    opts.warmup_s = 10;
    opts.baseline_file = file;
    std::vector<std::string> seen;
    {
        AlertEngine engine(rules_of({"pps > 3x baseline"}), opts);
        for (int s = 1; s <= 20; s++) {
            SnapshotBuilder b(s);
            b.flow(v4_key("1.1.1.1", "2.2.2.2", 17, 1, 2), s <= 15 ? 1000 : 5000, 100000);
            Snapshot snap = b.build();
            for (const auto &e : engine.evaluate(snap))
                seen.push_back(std::string(alert_state_name(e->state)) + "@" + std::to_string(s));
            if (s < 10) {
                ASSERT_EQ(snap.alerts->learning.size(), 1u) << s;
                EXPECT_DOUBLE_EQ(snap.alerts->learning[0].remaining_s, 10 - s);
            } else {
                EXPECT_TRUE(snap.alerts->learning.empty());
            }
        }
        engine.save_baseline();
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"start@16"}));
    // Reloaded: warm at once, so a step in the first interval starts.
    AlertEngine again(rules_of({"pps > 3x baseline"}), opts);
    SnapshotBuilder b(100);
    b.flow(v4_key("1.1.1.1", "2.2.2.2", 17, 1, 2), 5000, 100000);
    Snapshot snap = b.build();
    auto events = again.evaluate(snap);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0]->state, AlertEvent::State::Start);
    EXPECT_NEAR(*events[0]->alert.baseline, 1000, 1);
    EXPECT_TRUE(snap.alerts->learning.empty());
    std::remove(file.c_str());
    rmdir(dir);
}

TEST(AlertEngine, FinalSnapshotEndsWhatIsActive)
{
    AlertOptions opts;
    AlertEngine engine(rules_of({"udp pps > 10"}), opts);
    SnapshotBuilder a(1);
    a.flow(v4_key("1.1.1.1", "2.2.2.2", 17, 1, 2), 100, 1000);
    Snapshot s1 = a.build();
    ASSERT_EQ(engine.evaluate(s1).size(), 1u);
    SnapshotBuilder b(1.5, 0.5);
    b.flow(v4_key("1.1.1.1", "2.2.2.2", 17, 1, 2), 100, 1000);
    Snapshot s2 = b.build();
    s2.kind = Snapshot::Kind::Final;
    auto events = engine.evaluate(s2);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0]->state, AlertEvent::State::End);
    EXPECT_TRUE(s2.alerts->active.empty());
}

} // namespace
} // namespace netmon::alerts
