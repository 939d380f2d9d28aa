// Every protocol class, VLAN stacks and malformed IP headers: one complete
// frame per case, run through the real XDP program; the case states the
// counter class and the flow key a user would expect for it.
#include <gtest/gtest.h>

#include "support/xdp_harness.h"

namespace netmon::test {
namespace {

struct ClassCase {
    std::string name;
    Bytes frame;
    uint32_t counter; // enum netmon_counter_index
    netmon_flow_key key;
    uint8_t tcp_flags = 0;
};

// Test names print the case name, not the bytes of the struct.
void PrintTo(const ClassCase &c, std::ostream *os) { *os << c.name; }

FrameBuilder eth() { return FrameBuilder().ethernet(kMacA, kMacB); }
FrameBuilder eth_v4(const Ipv4Fields &f = {}) { return eth().ipv4(kIp4A, kIp4B, f); }
FrameBuilder eth_v6() { return eth().ipv6(kIp6A, kIp6B); }

constexpr uint32_t ip_class(uint8_t proto) { return NETMON_CTR_IP_PROTO_BASE + proto; }

std::vector<ClassCase> ipv4_cases()
{
    return {
        {"Ipv4Tcp", eth_v4().tcp(40000, 443, kTcpSyn).build(), ip_class(kProtoTcp),
         ipv4_key(kIp4A, kIp4B, kProtoTcp, 40000, 443), kTcpSyn},
        {"Ipv4Udp", eth_v4().udp(5353, 53).payload(20).build(), ip_class(kProtoUdp),
         ipv4_key(kIp4A, kIp4B, kProtoUdp, 5353, 53)},
        {"Ipv4Sctp", eth_v4().sctp(3868, 3869).payload(16).build(), ip_class(kProtoSctp),
         ipv4_key(kIp4A, kIp4B, kProtoSctp, 3868, 3869)},
        // ICMP: sport 0, dport type << 8 | code.
        {"Ipv4IcmpEchoRequest", eth_v4().icmp(8, 0).payload(56).build(), ip_class(kProtoIcmp),
         ipv4_key(kIp4A, kIp4B, kProtoIcmp, 0, 0x0800)},
        {"Ipv4IcmpPortUnreachable", eth_v4().icmp(3, 3).payload(28).build(), ip_class(kProtoIcmp),
         ipv4_key(kIp4A, kIp4B, kProtoIcmp, 0, 0x0303)},
        {"Ipv4Gre", eth_v4().gre().payload(40).build(), ip_class(kProtoGre),
         ipv4_key(kIp4A, kIp4B, kProtoGre)},
        {"Ipv4Esp", eth_v4().l4_raw(kProtoEsp, {0, 0, 1, 0, 0, 0, 0, 7}).payload(32).build(),
         ip_class(kProtoEsp), ipv4_key(kIp4A, kIp4B, kProtoEsp)},
        {"Ipv4ExperimentalProto253", eth_v4().ip_proto(253).payload(16).build(), ip_class(253),
         ipv4_key(kIp4A, kIp4B, 253)},
        // IP-in-IP is counted by the outer header only.
        {"Ipv4InIpv4", eth_v4().ipv4(kIp4B, kIp4A).udp(1, 2).build(), ip_class(4),
         ipv4_key(kIp4A, kIp4B, 4)},
        {"Ipv4WithOptions", eth_v4({.options_len = 12}).tcp(1234, 80, kTcpAck).build(),
         ip_class(kProtoTcp), ipv4_key(kIp4A, kIp4B, kProtoTcp, 1234, 80), kTcpAck},
        {"Ipv4WithMaximalOptions", eth_v4({.options_len = 40}).udp(1000, 2000).build(),
         ip_class(kProtoUdp), ipv4_key(kIp4A, kIp4B, kProtoUdp, 1000, 2000)},
        // Fragments: only the first one (offset 0) carries the L4 header.
        {"Ipv4FirstFragment", eth_v4({.more_fragments = true}).udp(7000, 7001).payload(64).build(),
         ip_class(kProtoUdp), ipv4_key(kIp4A, kIp4B, kProtoUdp, 7000, 7001)},
        {"Ipv4DontFragmentHasPorts",
         eth_v4({.dont_fragment = true}).tcp(7000, 7001, kTcpSyn).build(), ip_class(kProtoTcp),
         ipv4_key(kIp4A, kIp4B, kProtoTcp, 7000, 7001), kTcpSyn},
        {"Ipv4MiddleFragment",
         eth_v4({.frag_offset = 185, .more_fragments = true})
             .ip_proto(kProtoUdp)
             .payload(64)
             .build(),
         ip_class(kProtoUdp), ipv4_key(kIp4A, kIp4B, kProtoUdp)},
        {"Ipv4LastFragment", eth_v4({.frag_offset = 1}).ip_proto(kProtoTcp).payload(64).build(),
         ip_class(kProtoTcp), ipv4_key(kIp4A, kIp4B, kProtoTcp)},
    };
}

std::vector<ClassCase> ipv6_cases()
{
    return {
        {"Ipv6Tcp", eth_v6().tcp(40000, 443, kTcpSyn | kTcpAck).build(), ip_class(kProtoTcp),
         ipv6_key(kIp6A, kIp6B, kProtoTcp, 40000, 443), kTcpSyn | kTcpAck},
        {"Ipv6Udp", eth_v6().udp(546, 547).payload(30).build(), ip_class(kProtoUdp),
         ipv6_key(kIp6A, kIp6B, kProtoUdp, 546, 547)},
        {"Ipv6Sctp", eth_v6().sctp(5000, 5001).build(), ip_class(kProtoSctp),
         ipv6_key(kIp6A, kIp6B, kProtoSctp, 5000, 5001)},
        {"Ipv6Icmpv6EchoRequest", eth_v6().icmpv6(128, 0).payload(56).build(),
         ip_class(kProtoIcmpv6), ipv6_key(kIp6A, kIp6B, kProtoIcmpv6, 0, 0x8000)},
        {"Ipv6Icmpv6NeighborSolicitation", eth_v6().icmpv6(135, 0, 0, 0).payload(16).build(),
         ip_class(kProtoIcmpv6), ipv6_key(kIp6A, kIp6B, kProtoIcmpv6, 0, 0x8700)},
        {"Ipv6Gre", eth_v6().gre(kEthIpv6).payload(40).build(), ip_class(kProtoGre),
         ipv6_key(kIp6A, kIp6B, kProtoGre)},
        {"Ipv6NoNextHeader", eth_v6().payload(0).build(), ip_class(kProtoNoNext),
         ipv6_key(kIp6A, kIp6B, kProtoNoNext)},
    };
}

std::vector<ClassCase> l2_cases()
{
    return {
        {"ArpRequest", eth().arp_request(kMacA, kIp4A, kIp4B).build(), NETMON_CTR_ARP,
         l2_key(kMacA, kMacB, kEthArp)},
        {"Lldp", eth().ethertype(0x88cc).payload(40).build(), NETMON_CTR_OTHER_L2,
         l2_key(kMacA, kMacB, 0x88cc)},
        {"Mpls", eth().ethertype(0x8847).payload(40).build(), NETMON_CTR_OTHER_L2,
         l2_key(kMacA, kMacB, 0x8847)},
        // 802.3: the type field is a length (< 0x0600); here LLC + STP BPDU.
        {"Ieee8023LengthFrame", eth().ethertype(38).bytes({0x42, 0x42, 0x03}).payload(35).build(),
         NETMON_CTR_OTHER_L2, l2_key(kMacA, kMacB, 38)},
    };
}

std::vector<ClassCase> vlan_cases()
{
    return {
        {"VlanIpv4Udp", eth().vlan(100).ipv4(kIp4A, kIp4B).udp(10, 20).build(), ip_class(kProtoUdp),
         ipv4_key(kIp4A, kIp4B, kProtoUdp, 10, 20)},
        {"VlanIpv6Tcp", eth().vlan(100).ipv6(kIp6A, kIp6B).tcp(30, 40, kTcpFin).build(),
         ip_class(kProtoTcp), ipv6_key(kIp6A, kIp6B, kProtoTcp, 30, 40), kTcpFin},
        {"VlanArp", eth().vlan(7).arp_request(kMacA, kIp4A, kIp4B).build(), NETMON_CTR_ARP,
         l2_key(kMacA, kMacB, kEthArp)},
        {"QinQIpv4Icmp", eth().vlan(10, kEthQinQ).vlan(20).ipv4(kIp4A, kIp4B).icmp(0, 0).build(),
         ip_class(kProtoIcmp), ipv4_key(kIp4A, kIp4B, kProtoIcmp, 0, 0)},
        {"QinQIpv6Tcp",
         eth().vlan(10, kEthQinQ).vlan(20).ipv6(kIp6A, kIp6B).tcp(50, 60, kTcpRst).build(),
         ip_class(kProtoTcp), ipv6_key(kIp6A, kIp6B, kProtoTcp, 50, 60), kTcpRst},
        // Two 802.1Q tags (old-style QinQ) are parsed the same way.
        {"DoubleDot1qIpv4Udp", eth().vlan(1).vlan(2).ipv4(kIp4A, kIp4B).udp(10, 20).build(),
         ip_class(kProtoUdp), ipv4_key(kIp4A, kIp4B, kProtoUdp, 10, 20)},
        // Only two tags are parsed: the third TPID is the EtherType seen.
        {"ThirdTagNotParsed",
         eth().vlan(10, kEthQinQ).vlan(20).vlan(30).ipv4(kIp4A, kIp4B).udp(10, 20).build(),
         NETMON_CTR_OTHER_L2, l2_key(kMacA, kMacB, kEthVlan)},
    };
}

// IP EtherType but an unusable header: MALFORMED_IP, keyed by MACs.
std::vector<ClassCase> malformed_cases()
{
    return {
        {"Ipv4IhlBelow5", eth_v4({.ihl = 4}).udp(1, 2).build(), NETMON_CTR_MALFORMED_IP,
         l2_key(kMacA, kMacB, kEthIpv4)},
        {"Ipv4IhlZero", eth_v4({.ihl = 0}).udp(1, 2).build(), NETMON_CTR_MALFORMED_IP,
         l2_key(kMacA, kMacB, kEthIpv4)},
        {"Ipv4Version6", eth_v4({.version = 6}).udp(1, 2).payload(20).build(),
         NETMON_CTR_MALFORMED_IP, l2_key(kMacA, kMacB, kEthIpv4)},
        {"Ipv6EtherTypeCarryingIpv4",
         eth().ethertype(kEthIpv6).ipv4(kIp4A, kIp4B).udp(1, 2).payload(20).build(),
         NETMON_CTR_MALFORMED_IP, l2_key(kMacA, kMacB, kEthIpv6)},
        {"VlanIpv4IhlBelow5", eth().vlan(5).ipv4(kIp4A, kIp4B, {.ihl = 3}).udp(1, 2).build(),
         NETMON_CTR_MALFORMED_IP, l2_key(kMacA, kMacB, kEthIpv4)},
    };
}

std::vector<ClassCase> all_cases()
{
    std::vector<ClassCase> all;
    for (auto &&group : {ipv4_cases(), ipv6_cases(), l2_cases(), vlan_cases(), malformed_cases()})
        all.insert(all.end(), group.begin(), group.end());
    return all;
}

class XdpClassTest : public XdpTest, public ::testing::WithParamInterface<ClassCase> {};

TEST_P(XdpClassTest, CountsFrameInItsClassUnderItsFlowKey)
{
    const ClassCase &c = GetParam();
    netmon_flow_stats st = expect_single(c.frame, c.counter, c.key);
    EXPECT_EQ(st.tcp_flags, c.tcp_flags);
}

INSTANTIATE_TEST_SUITE_P(AllClasses, XdpClassTest, ::testing::ValuesIn(all_cases()),
                         [](const auto &info) { return info.param.name; });

} // namespace
} // namespace netmon::test
