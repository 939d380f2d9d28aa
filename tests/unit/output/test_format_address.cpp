#include <gtest/gtest.h>

#include "output/address_format.h"
#include "test_view_sample_snapshot.h"

using namespace netmon;
using netmon::test::ipv4;
using netmon::test::ipv6;
using netmon::test::mac;

TEST(FormatAddress, Ipv4PrintsTheMappedAddressWithoutPrefix)
{
    EXPECT_EQ(format_address(NETMON_KIND_IPV4, ipv4(192, 168, 1, 254)), "192.168.1.254");
    EXPECT_EQ(format_address(NETMON_KIND_IPV4, ipv4(0, 0, 0, 0)), "0.0.0.0");
}

TEST(FormatAddress, Ipv6IsCompressedPerRfc5952)
{
    EXPECT_EQ(format_address(NETMON_KIND_IPV6, ipv6("2001:0db8:0000:0000:0000:0000:0000:0001")),
              "2001:db8::1");
    EXPECT_EQ(format_address(NETMON_KIND_IPV6, ipv6("::")), "::");
    EXPECT_EQ(format_address(NETMON_KIND_IPV6, ipv6("fe80::1")), "fe80::1");
    // A lone zero group is not compressed; of two runs the longer one is.
    EXPECT_EQ(format_address(NETMON_KIND_IPV6, ipv6("2001:db8:0:1:1:1:1:1")),
              "2001:db8:0:1:1:1:1:1");
    EXPECT_EQ(format_address(NETMON_KIND_IPV6, ipv6("2001:0:0:1:0:0:0:1")), "2001:0:0:1::1");
    // Equal runs: the first one is compressed.
    EXPECT_EQ(format_address(NETMON_KIND_IPV6, ipv6("2001:db8:0:0:1:0:0:1")), "2001:db8::1:0:0:1");
}

TEST(FormatAddress, L2PrintsTheMacFromTheFirstSixBytes)
{
    EXPECT_EQ(format_address(NETMON_KIND_L2, mac(0xaa, 0xbb, 0xcc, 0x0d, 0xee, 0xff)),
              "aa:bb:cc:0d:ee:ff");
}

TEST(FormatAddress, EndpointsBracketIpv6)
{
    EXPECT_EQ(format_endpoint(NETMON_KIND_IPV4, ipv4(10, 0, 0, 1), 443), "10.0.0.1:443");
    EXPECT_EQ(format_endpoint(NETMON_KIND_IPV6, ipv6("2001:db8::1"), 53), "[2001:db8::1]:53");
}
