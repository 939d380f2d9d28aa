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
    EXPECT_EQ(parse_last_event_id("18446744073709551615"), UINT64_MAX);
}

// Garbage is no id we issued: nullopt, so the client is served as a new
// one (from the latest interval), not from the start of the ring.
TEST(Sse, GarbageLastEventIdIsNoId)
{
    for (const char *garbage :
         {"", "0", "17x", "x17", " 17", "-3", "+3", "0x11", "1.5", "99999999999999999999999"})
        EXPECT_EQ(parse_last_event_id(garbage), std::nullopt) << garbage;
}

} // namespace netmon::http

TEST(SseAlert, HasNoIdSoTheClientKeepsItsIntervalId)
{
    EXPECT_EQ(netmon::http::sse_event_without_id("alert", "{\"a\":1}"),
              "event: alert\ndata: {\"a\":1}\n\n");
}
