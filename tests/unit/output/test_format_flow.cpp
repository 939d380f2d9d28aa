#include <gtest/gtest.h>

#include "output/flow_format.h"
#include "output/protocol_names.h"
#include "test_view_sample_snapshot.h"

using namespace netmon;
using netmon::test::flow_key;
using netmon::test::ipv4;
using netmon::test::ipv6;
using netmon::test::mac;

TEST(FormatFlow, TcpOverIpv4WithPorts)
{
    auto key =
        flow_key(NETMON_KIND_IPV4, ipv4(10, 0, 0, 1), ipv4(10, 0, 0, 2), 443, 51234, 6, 0x0800);
    EXPECT_EQ(format_flow(key), "10.0.0.1:443 \u2192 10.0.0.2:51234 tcp");
}

TEST(FormatFlow, UdpOverIpv6InBrackets)
{
    auto key =
        flow_key(NETMON_KIND_IPV6, ipv6("2001:db8::1"), ipv6("2001:db8::2"), 5353, 53, 17, 0x86dd);
    EXPECT_EQ(format_flow(key), "[2001:db8::1]:5353 \u2192 [2001:db8::2]:53 udp");
}

TEST(FormatFlow, IcmpShowsTheTypeNameFromDport)
{
    auto v4 = ipv4(10, 0, 0, 1), v4b = ipv4(10, 0, 0, 2);
    EXPECT_EQ(format_flow(flow_key(NETMON_KIND_IPV4, v4, v4b, 0, 8 << 8, 1, 0x0800)),
              "10.0.0.1 \u2192 10.0.0.2 icmp echo-request");
    EXPECT_EQ(format_flow(flow_key(NETMON_KIND_IPV4, v4, v4b, 0, 3 << 8 | 3, 1, 0x0800)),
              "10.0.0.1 \u2192 10.0.0.2 icmp port-unreachable");
    EXPECT_EQ(format_flow(flow_key(NETMON_KIND_IPV4, v4, v4b, 0, 42 << 8 | 1, 1, 0x0800)),
              "10.0.0.1 \u2192 10.0.0.2 icmp type 42 code 1");
    auto v6 = ipv6("fe80::1"), v6b = ipv6("ff02::1");
    EXPECT_EQ(format_flow(flow_key(NETMON_KIND_IPV6, v6, v6b, 0, 135 << 8, 58, 0x86dd)),
              "fe80::1 \u2192 ff02::1 icmpv6 neighbor-solicitation");
}

TEST(FormatFlow, PortlessProtocolsAndFragmentsShowAddressesOnly)
{
    auto a = ipv4(10, 0, 0, 1), b = ipv4(10, 0, 0, 9);
    EXPECT_EQ(format_flow(flow_key(NETMON_KIND_IPV4, a, b, 0, 0, 47, 0x0800)),
              "10.0.0.1 \u2192 10.0.0.9 gre");
    EXPECT_EQ(format_flow(flow_key(NETMON_KIND_IPV4, a, b, 0, 0, 17, 0x0800)),
              "10.0.0.1 \u2192 10.0.0.9 udp");
    EXPECT_EQ(format_flow(flow_key(NETMON_KIND_IPV4, a, b, 0, 0, 253, 0x0800)),
              "10.0.0.1 \u2192 10.0.0.9 proto 253");
}

TEST(FormatFlow, L2FlowsShowMacsAndEtherType)
{
    auto src = mac(0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff),
         bcast = mac(0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
    EXPECT_EQ(format_flow(flow_key(NETMON_KIND_L2, src, bcast, 0, 0, 0, 0x0806)),
              "aa:bb:cc:dd:ee:ff \u2192 ff:ff:ff:ff:ff:ff arp");
    EXPECT_EQ(format_flow(flow_key(NETMON_KIND_L2, src, bcast, 0, 0, 0, 0x88b5)),
              "aa:bb:cc:dd:ee:ff \u2192 ff:ff:ff:ff:ff:ff ethertype 0x88b5");
    EXPECT_EQ(format_flow(flow_key(NETMON_KIND_L2, src, bcast, 0, 0, 0, 0x0026)),
              "aa:bb:cc:dd:ee:ff \u2192 ff:ff:ff:ff:ff:ff 802.3");
}

TEST(ProtocolNames, OwnTableIndependentOfEtcProtocols)
{
    EXPECT_EQ(ip_protocol_name(47), "GRE");
    EXPECT_EQ(ip_protocol_name(132), "SCTP");
    EXPECT_EQ(ip_protocol_name(41), "IPv6-in-IPv4");
    EXPECT_EQ(ip_protocol_name(253), "");
    EXPECT_EQ(ip_protocol_label(136), "udplite");
    EXPECT_EQ(ethertype_hex(0x0806), "0x0806");
}
