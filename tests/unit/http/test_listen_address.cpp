#include <gtest/gtest.h>

#include "core/error.h"
#include "http/listen_address.h"

namespace netmon::http {

TEST(ListenAddress, BarePortIsLoopback)
{
    auto a = parse_listen_address("9100");
    EXPECT_EQ(a.host, "127.0.0.1");
    EXPECT_EQ(a.port, 9100);
    EXPECT_TRUE(a.loopback);
    EXPECT_FALSE(a.ipv6);
    EXPECT_EQ(a.to_string(), "127.0.0.1:9100");
}

TEST(ListenAddress, Ipv4AndIpv6)
{
    auto any = parse_listen_address("0.0.0.0:80");
    EXPECT_EQ(any.host, "0.0.0.0");
    EXPECT_FALSE(any.loopback);
    EXPECT_TRUE(parse_listen_address("127.0.0.2:80").loopback);
    auto v6 = parse_listen_address("[::1]:9100");
    EXPECT_EQ(v6.host, "::1");
    EXPECT_TRUE(v6.ipv6);
    EXPECT_TRUE(v6.loopback);
    EXPECT_EQ(v6.to_string(), "[::1]:9100");
    EXPECT_FALSE(parse_listen_address("[::]:9100").loopback);
}

TEST(ListenAddress, RefusesBadInput)
{
    for (const char *bad : {"", "0", "65536", "port", "1.2.3.4:", "::1:9100", "[::1]9100",
                            "[::1]:", "localhost:9100", "300.1.1.1:80", "[1.2.3.4]:80", "12x"}) {
        try {
            parse_listen_address(bad);
            ADD_FAILURE() << "accepted '" << bad << "'";
        } catch (const Error &e) {
            EXPECT_EQ(e.exit_code(), kExitUsage) << bad;
            EXPECT_NE(std::string(e.what()).find("--http"), std::string::npos) << bad;
        }
    }
}

} // namespace netmon::http
