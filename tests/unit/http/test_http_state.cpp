#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/http_state.h"
#include "http/sse.h"

namespace netmon::http {

namespace {

void publish(HttpState &s, uint64_t id, uint64_t wall_ns, const char *type = "interval")
{
    s.publish("m" + std::to_string(id), {id, type, "{\"i\":" + std::to_string(id) + "}"},
              {wall_ns, "{\"p\":" + std::to_string(id) + "}"});
}

} // namespace

TEST(HttpState, EmptyBeforeTheFirstSnapshot)
{
    HttpState s(1.0);
    EXPECT_FALSE(s.ready());
    EXPECT_EQ(s.metrics(), "");
    EXPECT_FALSE(s.latest());
    EXPECT_EQ(s.history_json(),
              "{\"interval_s\":1.0,\"last_event_id\":null,\"points\":[],\"alert_events\":[]}");
}

TEST(HttpState, ReplaysEventsAfterAnId)
{
    HttpState s(1.0);
    for (uint64_t i = 1; i <= 5; i++)
        publish(s, i, i * 1000000000ull);
    EXPECT_EQ(s.metrics(), "m5");
    EXPECT_EQ(s.latest()->id, 5u);
    auto missed = s.events_after(2, std::chrono::milliseconds(0));
    ASSERT_EQ(missed.size(), 3u);
    EXPECT_EQ(missed[0].id, 3u);
    EXPECT_EQ(missed[2].data, "{\"i\":5}");
    EXPECT_TRUE(s.events_after(5, std::chrono::milliseconds(10)).empty());
}

TEST(HttpState, RingIsBounded)
{
    HttpState s(1.0);
    const uint64_t n = HttpState::kStreamRing + 10;
    for (uint64_t i = 1; i <= n; i++)
        publish(s, i, i);
    auto all = s.events_after(0, std::chrono::milliseconds(0));
    ASSERT_EQ(all.size(), HttpState::kStreamRing);
    EXPECT_EQ(all.front().id, 11u);
    EXPECT_EQ(all.back().id, n);
}

TEST(HttpState, HistoryKeepsFifteenMinutes)
{
    HttpState s(60.0); // 16 points cover 15 minutes at 60 s
    for (uint64_t i = 1; i <= 30; i++)
        publish(s, i, i * 60'000000000ull);
    auto j = nlohmann::json::parse(s.history_json());
    EXPECT_EQ(j["interval_s"], 60.0);
    ASSERT_EQ(j["points"].size(), 16u);
    EXPECT_EQ(j["points"][0]["p"], 15);
    EXPECT_EQ(j["points"][15]["p"], 30);
}

TEST(HttpState, ShutDownWakesWaiters)
{
    HttpState s(1.0);
    s.shut_down();
    EXPECT_TRUE(s.shutting_down());
    EXPECT_TRUE(s.events_after(0, std::chrono::seconds(10)).empty());
}

} // namespace netmon::http

namespace netmon::http {

// Alerts stream between the intervals: a reconnecting client that saw
// interval N gets the alerts published after it, then interval N+1; the
// snapshot endpoint never serves an alert.
TEST(HttpState, AlertsStreamBetweenIntervalsAndResumeByInterval)
{
    HttpState s(1.0);
    publish(s, 1, 1000000000ull);
    s.publish_alert({2, "alert", "{\"a\":1}"});
    EXPECT_EQ(s.latest()->id, 1u);
    EXPECT_EQ(s.latest()->type, "interval");
    publish(s, 2, 2000000000ull);

    auto after_1 = s.events_after_position(s.start_position(1), std::chrono::milliseconds(0));
    ASSERT_EQ(after_1.size(), 2u);
    EXPECT_EQ(after_1[0].type, "alert");
    EXPECT_EQ(after_1[1].id, 2u);

    EXPECT_TRUE(s.events_after_position(s.start_position(2), std::chrono::milliseconds(0)).empty());
    // A page opened between interval 1 and the alert: its history reaches
    // interval 1, and the stream it opens from there still brings the alert.
    HttpState early(1.0);
    publish(early, 1, 1000000000ull);
    auto history = nlohmann::json::parse(early.history_json());
    ASSERT_EQ(history["last_event_id"], 1u);
    EXPECT_TRUE(history["alert_events"].empty());
    early.publish_alert({2, "alert", "{\"a\":1}"});
    publish(early, 2, 2000000000ull);
    auto resumed =
        early.events_after_position(early.start_position(history["last_event_id"].get<uint64_t>()),
                                    std::chrono::milliseconds(0));
    ASSERT_EQ(resumed.size(), 2u);
    EXPECT_EQ(resumed[0].type, "alert");
    // A new client starts with the latest interval.
    auto fresh =
        s.events_after_position(s.start_position(std::nullopt), std::chrono::milliseconds(0));
    ASSERT_EQ(fresh.size(), 1u);
    EXPECT_EQ(fresh[0].id, 2u);
}

// The history carries the alert log: every event in order, the newest
// kMaxAlertLog once more have come, whatever the intervals did meanwhile.
TEST(HttpState, HistoryKeepsTheLastThousandAlertEvents)
{
    HttpState s(1.0);
    const size_t n = HttpState::kMaxAlertLog + 7;
    for (size_t i = 1; i <= n; i++) {
        s.publish_alert({i, "alert", "{\"a\":" + std::to_string(i) + "}"});
        publish(s, i, i * 1000000000ull);
    }
    auto j = nlohmann::json::parse(s.history_json());
    ASSERT_EQ(j["alert_events"].size(), HttpState::kMaxAlertLog);
    EXPECT_EQ(j["alert_events"].front()["a"], 8);
    EXPECT_EQ(j["alert_events"].back()["a"], n);
}

} // namespace netmon::http

namespace netmon::http {

// Issue 26: a garbage Last-Event-ID replayed the whole ring. Parsed as no
// id, it starts the stream where a new client starts: the latest interval.
TEST(HttpState, GarbageLastEventIdStartsFromTheLatestInterval)
{
    HttpState s(1.0);
    for (uint64_t id = 1; id <= 10; id++)
        publish(s, id, id * 1000000000ull);
    auto events = s.events_after_position(s.start_position(parse_last_event_id("garbage")),
                                          std::chrono::milliseconds(0));
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].id, 10u);
}

} // namespace netmon::http
