// The front's head reader: limits hold as bytes arrive, whatever the
// chunking; a complete head is parsed for what the front decides on.
#include <gtest/gtest.h>

#include <string>

#include "http/request_head.h"

namespace netmon::http {

namespace {

HeadLimits small() { return HeadLimits{64, 256, 4}; }

// Feeds `bytes` one byte at a time, as a slow client sends them.
HeadStatus feed_bytewise(HeadReader &r, const std::string &bytes)
{
    for (char c : bytes)
        if (r.feed(std::string_view(&c, 1)) != HeadStatus::NeedMore)
            break;
    return r.status();
}

} // namespace

TEST(HeadReader, CompleteInOneOrManyPieces)
{
    const std::string req = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";
    HeadReader whole(small());
    EXPECT_EQ(whole.feed(req), HeadStatus::Complete);
    EXPECT_EQ(whole.head(), req);
    HeadReader bytewise(small());
    EXPECT_EQ(feed_bytewise(bytewise, req), HeadStatus::Complete);
    EXPECT_EQ(bytewise.head(), req);
}

TEST(HeadReader, BareLineFeedsAndLeadingBlankLines)
{
    HeadReader r(small());
    EXPECT_EQ(r.feed("\r\n\nGET / HTTP/1.1\nHost: x\n\n"), HeadStatus::Complete);
    EXPECT_EQ(r.head(), "GET / HTTP/1.1\nHost: x\n\n");
}

TEST(HeadReader, TooManyHeaderLines)
{
    HeadReader r(small()); // 4 header lines allowed
    std::string req = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 4; i++)
        req += "A: b\r\n";
    EXPECT_EQ(r.feed(req), HeadStatus::NeedMore);
    EXPECT_EQ(r.feed("A: b\r\n"), HeadStatus::HeadersTooLarge);
    // Stays so: nothing more is taken.
    EXPECT_EQ(r.room(), 0u);
    EXPECT_EQ(r.feed("\r\n"), HeadStatus::HeadersTooLarge);
}

TEST(HeadReader, TooManyBytesWithoutALineEnd)
{
    HeadReader r(small());
    EXPECT_EQ(r.feed("GET / HTTP/1.1\r\nX: "), HeadStatus::NeedMore);
    EXPECT_EQ(feed_bytewise(r, std::string(300, 'a')), HeadStatus::HeadersTooLarge);
    EXPECT_LE(r.buffered(), 257u);
}

TEST(HeadReader, EndlessBlankLinesCountToo)
{
    HeadReader r(small());
    EXPECT_EQ(feed_bytewise(r, std::string(1000, '\n')), HeadStatus::HeadersTooLarge);
    EXPECT_LE(r.buffered(), 257u);
}

TEST(HeadReader, RoomNeverLetsTheBufferPassTheLimit)
{
    HeadReader r(small());
    EXPECT_EQ(r.room(), 257u);
    r.feed("GET / HTTP/1.1\r\n");
    EXPECT_EQ(r.room(), 257u - 16);
}

TEST(HeadReader, LongRequestLine)
{
    HeadReader r(small()); // 64 bytes
    EXPECT_EQ(r.feed("GET /" + std::string(70, 'a')), HeadStatus::UriTooLong);
    HeadReader done(small());
    EXPECT_EQ(done.feed("GET /" + std::string(60, 'a') + " HTTP/1.1\r\n"), HeadStatus::UriTooLong);
}

TEST(HeadReader, PipelinedRequestIsKeptForTheNext)
{
    HeadReader r(small());
    EXPECT_EQ(r.feed("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\nGET /c"), HeadStatus::Complete);
    EXPECT_EQ(r.head(), "GET /a HTTP/1.1\r\n\r\n");
    r.next();
    EXPECT_EQ(r.status(), HeadStatus::Complete);
    EXPECT_EQ(r.head(), "GET /b HTTP/1.1\r\n\r\n");
    r.next();
    EXPECT_EQ(r.status(), HeadStatus::NeedMore);
    EXPECT_EQ(r.buffered(), 6u);
    EXPECT_EQ(r.feed(" HTTP/1.1\r\n\r\n"), HeadStatus::Complete);
    EXPECT_EQ(r.head(), "GET /c HTTP/1.1\r\n\r\n");
}

TEST(ParseRequestHead, Fields)
{
    auto h = parse_request_head("GET /metrics?x=1 HTTP/1.1\r\nHost: x\r\n"
                                "authorization:  Bearer abc \r\nAuthorization: Bearer second\r\n"
                                "Content-Length: 0\r\n\r\n");
    ASSERT_TRUE(h);
    EXPECT_EQ(h->method, "GET");
    EXPECT_EQ(h->target, "/metrics?x=1");
    EXPECT_EQ(h->version, "HTTP/1.1");
    EXPECT_EQ(h->authorization, "Bearer abc"); // the first one
    EXPECT_FALSE(h->has_body);
    EXPECT_FALSE(h->close);
}

TEST(ParseRequestHead, BodyAndClose)
{
    EXPECT_TRUE(parse_request_head("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n")->has_body);
    EXPECT_TRUE(
        parse_request_head("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")->has_body);
    EXPECT_TRUE(parse_request_head("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n")->close);
    EXPECT_TRUE(parse_request_head("GET / HTTP/1.0\r\n\r\n")->close);
    EXPECT_FALSE(parse_request_head("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")->close);
    EXPECT_FALSE(parse_request_head("GET / HTTP/1.1\r\n\r\n")->authorization);
}

TEST(ParseRequestHead, Malformed)
{
    for (const char *bad :
         {"GET\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/2.0\r\n\r\n", "G(T / HTTP/1.1\r\n\r\n",
          "GET  HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
          "GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", "GET / HTTP/1.1\r\nBad Name: b\r\n\r\n"})
        EXPECT_FALSE(parse_request_head(bad)) << bad;
}

} // namespace netmon::http
