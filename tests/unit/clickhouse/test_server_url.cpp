// --clickhouse URLs: what is accepted, how the INSERT target is built, and
// one clear line for what is not.
#include <gtest/gtest.h>

#include "clickhouse/server_url.h"
#include "core/error.h"

namespace netmon::clickhouse {
namespace {

std::string error_of(const std::string &url)
{
    try {
        parse_server_url(url);
    } catch (const Error &e) {
        EXPECT_EQ(e.exit_code(), kExitUsage);
        return e.what();
    }
    return "";
}

TEST(ClickhouseUrl, HostPortPathAndQuery)
{
    ServerUrl u = parse_server_url("http://127.0.0.1:8124/?database=netmon");
    EXPECT_EQ(u.host, "127.0.0.1");
    EXPECT_EQ(u.port, 8124);
    EXPECT_EQ(u.path, "/");
    EXPECT_EQ(u.query, "database=netmon");
    EXPECT_EQ(insert_target(u, "flows"),
              "/?database=netmon&query=INSERT%20INTO%20flows%20FORMAT%20JSONEachRow");

    u = parse_server_url("http://ch.example");
    EXPECT_EQ(u.port, 8123);
    EXPECT_EQ(insert_target(u, "interface_totals"),
              "/?query=INSERT%20INTO%20interface_totals%20FORMAT%20JSONEachRow");

    u = parse_server_url("http://[::1]:9/ch/");
    EXPECT_EQ(u.host, "::1");
    EXPECT_EQ(u.port, 9);
    EXPECT_EQ(u.path, "/ch/");
}

TEST(ClickhouseUrl, BadUrlsAreOneLine)
{
    EXPECT_NE(error_of("https://x/").find("https is not supported"), std::string::npos);
    EXPECT_NE(error_of("ch.example:8123").find("expected a URL like"), std::string::npos);
    EXPECT_NE(error_of("http://x:0/").find("port must be"), std::string::npos);
    EXPECT_NE(error_of("http://x:8123x/").find("port must be"), std::string::npos);
    EXPECT_NE(error_of("http://u:p@x/").find("--clickhouse-password-file"), std::string::npos);
    EXPECT_NE(error_of("http:///").find("no host"), std::string::npos);
    EXPECT_NE(error_of("http://x/?query=DROP").find("must not carry query="), std::string::npos);
    EXPECT_NE(error_of("http://[::1/").find("unclosed"), std::string::npos);
}

} // namespace
} // namespace netmon::clickhouse
