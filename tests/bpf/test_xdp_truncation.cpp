// Truncation at every byte: each prefix of a complete frame must pass
// unmodified, be counted exactly once, and be classified as far as it
// parses. The expectations are written as the lengths at which the
// classification changes, worked out by hand from the header layout.
#include <gtest/gtest.h>

#include <cerrno>

#include "support/xdp_harness.h"

namespace netmon::test {
namespace {

// From this prefix length on (until the next breakpoint), the frame is
// counted in `counter` under `key` with `tcp_flags`.
struct Breakpoint {
    size_t from_len;
    uint32_t counter;
    netmon_flow_key key;
    uint8_t tcp_flags = 0;
};

struct TruncationCase {
    std::string name;
    Bytes frame;
    std::vector<Breakpoint> breakpoints; // ascending from_len, first at 14
};

// Test names print the case name, not the bytes of the struct.
void PrintTo(const TruncationCase &c, std::ostream *os) { *os << c.name; }

// BPF_PROG_TEST_RUN refuses XDP input shorter than an Ethernet header
// (net/bpf/test_run.c), so the runt path cannot be exercised here.
constexpr size_t kEthHeaderLen = 14;

const Breakpoint &expected_at(const TruncationCase &c, size_t len)
{
    const Breakpoint *found = &c.breakpoints.front();
    for (const Breakpoint &b : c.breakpoints)
        if (b.from_len <= len)
            found = &b;
    return *found;
}

// QinQ (22 bytes of L2) + IPv4 with 8 bytes of options (28) + TCP with 12
// bytes of options (32) + 6 bytes of payload = 88 bytes.
TruncationCase qinq_ipv4_tcp()
{
    Bytes frame = FrameBuilder()
                      .ethernet(kMacA, kMacB)
                      .vlan(10, kEthQinQ)
                      .vlan(20)
                      .ipv4(kIp4A, kIp4B, {.options_len = 8})
                      .tcp(33000, 22, kTcpPsh | kTcpAck, {.options_len = 12})
                      .payload(6)
                      .build();
    auto tcp_key = [](uint16_t sport, uint16_t dport) {
        return ipv4_key(kIp4A, kIp4B, kProtoTcp, sport, dport);
    };
    return {"QinQIpv4OptionsTcpOptions",
            frame,
            {
                {14, NETMON_CTR_OTHER_L2, l2_key(kMacA, kMacB, kEthQinQ)}, // outer tag cut
                {18, NETMON_CTR_OTHER_L2, l2_key(kMacA, kMacB, kEthVlan)}, // inner tag cut
                {22, NETMON_CTR_MALFORMED_IP, l2_key(kMacA, kMacB, kEthIpv4)},
                // The fixed IPv4 header is whole at 42: addresses and protocol
                // are known even while the options (to 50) are cut.
                {42, kProtoTcp, tcp_key(0, 0)},
                {54, kProtoTcp, tcp_key(33000, 22)},                    // ports (50..53)
                {64, kProtoTcp, tcp_key(33000, 22), kTcpPsh | kTcpAck}, // flags byte 63
            }};
}

// IPv6 (54) + hop-by-hop (8) + routing (24) + fragment, first (8) + AH with
// 12 bytes of ICV (24) + destination options (16) + UDP (8) + 10 = 152.
TruncationCase ipv6_chain_udp()
{
    Bytes frame = FrameBuilder()
                      .ethernet(kMacA, kMacB)
                      .ipv6(kIp6A, kIp6B)
                      .hop_by_hop(8)
                      .routing(24)
                      .ipv6_fragment(0, true)
                      .authentication_header(12)
                      .destination_options(16)
                      .udp(4789, 4790)
                      .payload(10)
                      .build();
    auto key = [](uint8_t proto, uint16_t sport = 0, uint16_t dport = 0) {
        return ipv6_key(kIp6A, kIp6B, proto, sport, dport);
    };
    // An extension header is stepped over once its first two bytes (next
    // header, length) are readable; the next one is then what counts.
    return {"Ipv6ExtensionChainUdp",
            frame,
            {
                {14, NETMON_CTR_MALFORMED_IP, l2_key(kMacA, kMacB, kEthIpv6)},
                {54, kProtoHopByHop, key(kProtoHopByHop)},
                {56, kProtoRouting, key(kProtoRouting)},   // hop-by-hop read; routing at 62
                {64, kProtoFragment, key(kProtoFragment)}, // routing read; fragment at 86..93
                {94, kProtoAh, key(kProtoAh)},             // fragment read; AH at 94
                {96, kProtoDestOpts, key(kProtoDestOpts)}, // AH read; dest opts at 118
                {120, kProtoUdp, key(kProtoUdp)},          // dest opts read; UDP at 134
                {138, kProtoUdp, key(kProtoUdp, 4789, 4790)},
            }};
}

TruncationCase arp()
{
    Bytes frame = FrameBuilder().ethernet(kMacA, kMacB).arp_request(kMacA, kIp4A, kIp4B).build();
    // ARP is classified by its EtherType alone: the body is never read.
    return {"ArpRequest", frame, {{14, NETMON_CTR_ARP, l2_key(kMacA, kMacB, kEthArp)}}};
}

// VLAN (18) + IPv6 (40) + ICMPv6 echo (8) + 8 = 74 bytes.
TruncationCase vlan_ipv6_icmpv6()
{
    Bytes frame = FrameBuilder()
                      .ethernet(kMacA, kMacB)
                      .vlan(300)
                      .ipv6(kIp6A, kIp6B)
                      .icmpv6(128, 0)
                      .payload(8)
                      .build();
    return {"VlanIpv6Icmpv6",
            frame,
            {
                {14, NETMON_CTR_OTHER_L2, l2_key(kMacA, kMacB, kEthVlan)},
                {18, NETMON_CTR_MALFORMED_IP, l2_key(kMacA, kMacB, kEthIpv6)},
                {58, kProtoIcmpv6, ipv6_key(kIp6A, kIp6B, kProtoIcmpv6)},
                {60, kProtoIcmpv6, ipv6_key(kIp6A, kIp6B, kProtoIcmpv6, 0, 0x8000)}, // type+code
            }};
}

class XdpTruncationTest : public XdpTest, public ::testing::WithParamInterface<TruncationCase> {};

TEST_P(XdpTruncationTest, EveryPrefixPassesUnmodifiedAndCountsOnceAsFarAsItParses)
{
    const TruncationCase &c = GetParam();
    for (size_t len = 0; len <= c.frame.size() && !HasFailure(); len++) {
        SCOPED_TRACE("prefix of " + std::to_string(len) + " of " + std::to_string(c.frame.size()) +
                     " bytes");
        xdp().reset();
        Bytes prefix = truncated(c.frame, len);
        if (len < kEthHeaderLen) {
            EXPECT_EQ(xdp().run(prefix).err, -EINVAL);
            EXPECT_TRUE(xdp().nonzero_classes().empty());
            EXPECT_TRUE(xdp().flows().empty());
            continue;
        }
        const Breakpoint &want = expected_at(c, len);
        netmon_flow_stats st = expect_single(prefix, want.counter, want.key);
        EXPECT_EQ(st.tcp_flags, want.tcp_flags);
    }
}

INSTANTIATE_TEST_SUITE_P(Frames, XdpTruncationTest,
                         ::testing::Values(qinq_ipv4_tcp(), ipv6_chain_udp(), arp(),
                                           vlan_ipv6_icmpv6()),
                         [](const auto &info) { return info.param.name; });

} // namespace
} // namespace netmon::test
