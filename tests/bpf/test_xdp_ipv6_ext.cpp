// IPv6 extension headers: each kind alone and in chains, the AH length rule
// (4-byte units, unlike the others), and fragment headers. In every case the
// L4 ports must be found behind the extension headers.
#include <gtest/gtest.h>

#include <functional>

#include "support/xdp_harness.h"

namespace netmon::test {
namespace {

struct ExtCase {
    std::string name;
    // Adds the extension headers between the IPv6 header and the L4 header.
    std::function<void(FrameBuilder &)> add_extensions;
    bool has_ports = true; // false behind a non-first fragment
};

// Test names print the case name, not the bytes of the struct.
void PrintTo(const ExtCase &c, std::ostream *os) { *os << c.name; }

Bytes frame_with(const ExtCase &c)
{
    FrameBuilder b;
    b.ethernet(kMacA, kMacB).ipv6(kIp6A, kIp6B);
    c.add_extensions(b);
    if (c.has_ports)
        b.udp(12345, 443);
    else
        b.ip_proto(kProtoUdp).payload(8); // fragment data: no UDP header
    return b.payload(20).build();
}

std::vector<ExtCase> cases()
{
    return {
        {"HopByHop", [](FrameBuilder &b) { b.hop_by_hop(8); }},
        {"HopByHopLong", [](FrameBuilder &b) { b.hop_by_hop(40); }},
        {"Routing", [](FrameBuilder &b) { b.routing(24); }},
        {"DestinationOptions", [](FrameBuilder &b) { b.destination_options(16); }},
        // AH: 12 fixed bytes + ICV; length field = total/4 - 2.
        {"AuthenticationHeaderIcv4", [](FrameBuilder &b) { b.authentication_header(4); }},
        {"AuthenticationHeaderIcv12", [](FrameBuilder &b) { b.authentication_header(12); }},
        {"AuthenticationHeaderIcv16", [](FrameBuilder &b) { b.authentication_header(16); }},
        // Fragment header, first fragment (offset 0, more to come).
        {"FirstFragment", [](FrameBuilder &b) { b.ipv6_fragment(0, true); }},
        // An atomic fragment (offset 0, no more) carries the whole datagram.
        {"AtomicFragment", [](FrameBuilder &b) { b.ipv6_fragment(0, false); }},
        {"MiddleFragment", [](FrameBuilder &b) { b.ipv6_fragment(100, true); }, false},
        {"LastFragment", [](FrameBuilder &b) { b.ipv6_fragment(1, false); }, false},
        {"ChainOfEveryKind",
         [](FrameBuilder &b) {
             b.hop_by_hop(8)
                 .destination_options(8)
                 .routing(24)
                 .ipv6_fragment(0, true)
                 .authentication_header(12)
                 .destination_options(16);
         }},
        {"ChainEndingInNonFirstFragment",
         [](FrameBuilder &b) { b.hop_by_hop(8).routing(8).ipv6_fragment(7, true); }, false},
        // Seven headers are stepped over, well inside the parser's bound (8).
        {"ChainOfSeven",
         [](FrameBuilder &b) {
             b.hop_by_hop(8);
             for (int i = 0; i < 6; i++)
                 b.destination_options(8);
         }},
    };
}

class XdpIpv6ExtTest : public XdpTest, public ::testing::WithParamInterface<ExtCase> {};

TEST_P(XdpIpv6ExtTest, FindsTheUpperLayerBehindTheExtensionHeaders)
{
    const ExtCase &c = GetParam();
    netmon_flow_key key = c.has_ports ? ipv6_key(kIp6A, kIp6B, kProtoUdp, 12345, 443)
                                      : ipv6_key(kIp6A, kIp6B, kProtoUdp);
    expect_single(frame_with(c), kProtoUdp, key);
}

INSTANTIATE_TEST_SUITE_P(Ipv6Extensions, XdpIpv6ExtTest, ::testing::ValuesIn(cases()),
                         [](const auto &info) { return info.param.name; });

// The parser steps over at most IPV6_EXT_MAX_CHAIN (8) extension headers.
using XdpIpv6ExtBoundTest = XdpTest;

Bytes udp_behind_dest_opts(int n)
{
    FrameBuilder b;
    b.ethernet(kMacA, kMacB).ipv6(kIp6A, kIp6B);
    for (int i = 0; i < n; i++)
        b.destination_options(8);
    return b.udp(12345, 443).build();
}

// Exactly IPV6_EXT_MAX_CHAIN headers: the loop ends at its bound with
// nexthdr already UDP, and the ports must still be read (a regression test).
TEST_F(XdpIpv6ExtBoundTest, EightHeadersThenUdpHasPorts)
{
    expect_single(udp_behind_dest_opts(8), kProtoUdp,
                  ipv6_key(kIp6A, kIp6B, kProtoUdp, 12345, 443));
}

// Past the bound the transport is unknown: a class of its own, protocol 255
// and no ports in the flow key, never the extension header's number.
TEST_F(XdpIpv6ExtBoundTest, NineHeadersAreAChainTooLongWithoutPorts)
{
    expect_single(udp_behind_dest_opts(9), NETMON_CTR_IPV6_EXT_CHAIN_TOO_LONG,
                  ipv6_key(kIp6A, kIp6B, NETMON_PROTO_UNKNOWN));
}

TEST_F(XdpIpv6ExtBoundTest, HundredHeadersAreAChainTooLong)
{
    expect_single(udp_behind_dest_opts(100), NETMON_CTR_IPV6_EXT_CHAIN_TOO_LONG,
                  ipv6_key(kIp6A, kIp6B, NETMON_PROTO_UNKNOWN));
}

// A fragment header at the bound: counted as too long, not as protocol 44.
TEST_F(XdpIpv6ExtBoundTest, FirstFragmentHeaderPastTheBoundIsAChainTooLong)
{
    FrameBuilder b;
    b.ethernet(kMacA, kMacB).ipv6(kIp6A, kIp6B);
    for (int i = 0; i < 8; i++)
        b.destination_options(8);
    Bytes frame = b.ipv6_fragment(0, true).udp(12345, 443).build();
    expect_single(frame, NETMON_CTR_IPV6_EXT_CHAIN_TOO_LONG,
                  ipv6_key(kIp6A, kIp6B, NETMON_PROTO_UNKNOWN));
}

} // namespace
} // namespace netmon::test
