#include <gtest/gtest.h>

#include "http/sse.h"

namespace netmon::http {

TEST(Sse, FramesOneEvent)
{
    EXPECT_EQ(sse_event(42, "interval", "{\"a\":1}"),
              "id: 42\nevent: interval\ndata: {\"a\":1}\n\n");
}

TEST(Sse, SplitsMultiLineDataIntoDataLines)
{
    EXPECT_EQ(sse_event(1, "final", "a\nb\n"), "id: 1\nevent: final\ndata: a\ndata: b\ndata: \n\n");
    EXPECT_EQ(sse_event(2, "alert", ""), "id: 2\nevent: alert\ndata: \n\n");
}

TEST(Sse, RetryAndComment)
{
    EXPECT_EQ(sse_retry(2000), "retry: 2000\n\n");
    EXPECT_EQ(sse_comment("keep-alive"), ": keep-alive\n\n");
}

TEST(Sse, ParsesLastEventId)
{
    EXPECT_EQ(parse_last_event_id("17"), 17u);
    EXPECT_EQ(parse_last_event_id(""), 0u);
    EXPECT_EQ(parse_last_event_id("17x"), 0u);
    EXPECT_EQ(parse_last_event_id("-3"), 0u);
    EXPECT_EQ(parse_last_event_id("99999999999999999999999"), 0u);
}

} // namespace netmon::http

TEST(SseAlert, HasNoIdSoTheClientKeepsItsIntervalId)
{
    EXPECT_EQ(netmon::http::sse_event_without_id("alert", "{\"a\":1}"),
              "event: alert\ndata: {\"a\":1}\n\n");
}
