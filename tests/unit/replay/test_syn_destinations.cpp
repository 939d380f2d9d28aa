// The local networks replay guesses without --local-net: the addresses
// most often sent a TCP SYN (without ACK), IPv4 and IPv6, behind VLAN
// tags; SYN-ACKs, other packets and a scan's many targets guess nothing.
#include <gtest/gtest.h>

#include "replay/syn_destinations.h"
#include "support/frame_builder.h"

using namespace netmon;
using netmon::replay::SynDestinations;

namespace {

test::Bytes tcp4(const char *src, const char *dst, uint8_t flags, bool vlan = false)
{
    test::FrameBuilder b;
    b.ethernet(test::parse_mac("02:00:00:00:00:01"), test::parse_mac("02:00:00:00:00:02"));
    if (vlan)
        b.vlan(10, test::kEthQinQ).vlan(20);
    return b.ipv4(test::parse_ipv4(src), test::parse_ipv4(dst)).tcp(40000, 443, flags).build();
}

test::Bytes tcp6(const char *src, const char *dst, uint8_t flags)
{
    return test::FrameBuilder()
        .ethernet(test::parse_mac("02:00:00:00:00:01"), test::parse_mac("02:00:00:00:00:02"))
        .ipv6(test::parse_ipv6(src), test::parse_ipv6(dst))
        .tcp(40000, 22, flags)
        .build();
}

} // namespace

TEST(SynDestinations, TheServersOfTheCaptureAreGuessed)
{
    SynDestinations s;
    for (int i = 0; i < 7; i++)
        s.add(tcp4("198.51.100.7", "10.0.0.5", test::kTcpSyn, i % 2 == 0));
    for (int i = 0; i < 3; i++)
        s.add(tcp6("2001:db8:1::9", "2001:db8::22", test::kTcpSyn));
    s.add(tcp4("203.0.113.1", "10.0.0.6", test::kTcpSyn)); // 1 of 11: under a tenth
    // Not SYN without ACK: the answers, data, and something else entirely.
    s.add(tcp4("10.0.0.5", "198.51.100.7", test::kTcpSyn | test::kTcpAck));
    s.add(tcp4("198.51.100.7", "10.0.0.9", test::kTcpAck | test::kTcpPsh));
    s.add(test::FrameBuilder()
              .ethernet(test::parse_mac("02:00:00:00:00:01"), test::parse_mac("02:00:00:00:00:02"))
              .ipv4(test::parse_ipv4("1.2.3.4"), test::parse_ipv4("10.0.0.9"))
              .udp(53, 53)
              .build());
    s.add(test::truncated(tcp4("1.2.3.4", "10.0.0.9", test::kTcpSyn), 40)); // no TCP flags
    EXPECT_EQ(s.syns(), 11u);
    const auto guess = s.guess();
    ASSERT_EQ(guess.size(), 2u);
    EXPECT_EQ(guess[0].cidr, "10.0.0.5/32");
    EXPECT_EQ(guess[0].syns, 7u);
    EXPECT_EQ(guess[1].cidr, "2001:db8::22/128");
    EXPECT_EQ(guess[1].syns, 3u);
}

TEST(SynDestinations, AScanOfManyAddressesGuessesNone)
{
    SynDestinations s;
    for (int i = 1; i <= 50; i++)
        s.add(tcp4("198.51.100.7", ("10.0.1." + std::to_string(i)).c_str(), test::kTcpSyn));
    EXPECT_EQ(s.syns(), 50u);
    EXPECT_TRUE(s.guess().empty());
    EXPECT_TRUE(SynDestinations().guess().empty());
}
