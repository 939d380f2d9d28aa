// The filter's TC translation for the egress hook: libpcap's verdict on
// crafted frames (runts, VLAN, IPv6, lengths, loads past the end), and the
// chain with the real egress counter: matching frames counted under the
// egress hook, the others as filtered out, every frame passed unmodified.
#include <gtest/gtest.h>
#include <linux/pkt_cls.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "core/error.h"
#include "filter/cbpf_to_xdp.h"
#include "filter/filter_chain.h"
#include "filter/pcap_compile.h"
#include "filter/pcap_header.h"
#include "filter/xdp_filter_loader.h"
#include "support/xdp_harness.h"
#include "support/xdp_test_run.h"

namespace netmon::test {
namespace {

using namespace netmon::filter;
using Classic = std::vector<sock_filter>;

bool libpcap_matches(const Classic &classic, const Bytes &frame)
{
    bpf_program program{
        static_cast<u_int>(classic.size()),
        reinterpret_cast<pcap_bpf_insn *>(const_cast<sock_filter *>(classic.data()))};
    pcap_pkthdr header{};
    header.caplen = header.len = static_cast<bpf_u_int32>(frame.size());
    return pcap_offline_filter(&program, &header, frame.data()) != 0;
}

bool tc_matches(int prog_fd, const Bytes &frame)
{
    const int32_t action = run_tc_once(prog_fd, frame);
    EXPECT_TRUE(action == TC_ACT_OK || action == TC_ACT_UNSPEC) << action;
    return action == TC_ACT_OK;
}

Bytes udp4(uint16_t dport, size_t payload)
{
    return FrameBuilder()
        .ethernet(kMacA, kMacB)
        .ipv4(kIp4A, kIp4B)
        .udp(40000, dport)
        .payload(payload)
        .build();
}

// Every prefix of `frame` the kernel builds a test-run skb from.
void add_prefixes(const Bytes &frame, std::vector<Bytes> &frames)
{
    for (size_t size = kMinTestRunFrame; size <= frame.size(); ++size) {
        Bytes prefix(frame.begin(), frame.begin() + static_cast<long>(size));
        if (!skb_test_run_refuses(prefix))
            frames.push_back(std::move(prefix));
    }
}

// Frames the captures rarely hold: prefixes of TCP, VLAN-tagged, ARP and
// 802.3 frames (runts: loads past the end), IPv6, a full-size frame.
std::vector<Bytes> crafted_frames()
{
    std::vector<Bytes> frames;
    add_prefixes(FrameBuilder()
                     .ethernet(kMacA, kMacB)
                     .ipv4(kIp4A, kIp4B)
                     .tcp(41000, 80, kTcpPsh | kTcpAck)
                     .payload(40)
                     .build(),
                 frames);
    add_prefixes(FrameBuilder().ethernet(kMacA, kMacB).vlan(77).ipv4(kIp4A, kIp4B).build(), frames);
    add_prefixes(FrameBuilder().ethernet(kMacA, kMacB).arp_request(kMacA, kIp4A, kIp4B).build(),
                 frames);
    // 802.3: a length where the EtherType would be.
    add_prefixes(FrameBuilder().ethernet(kMacA, kMacB).ethertype(40).payload(40).build(), frames);
    frames.push_back(udp4(5000, 10));
    frames.push_back(udp4(5001, 1472));
    frames.push_back(
        FrameBuilder().ethernet(kMacA, kMacB).vlan(77).ipv4(kIp4A, kIp4B).udp(1, 5000).build());
    frames.push_back(
        FrameBuilder().ethernet(kMacA, kMacB).ipv6(kIp6A, kIp6B).udp(5000, 53).payload(30).build());
    return frames;
}

class TcFilterTest : public testing::Test {
  protected:
    void SetUp() override
    {
        if (geteuid() != 0)
            GTEST_SKIP() << "needs root (CAP_BPF) to load and test-run BPF programs";
    }
};

class TcFilterVerdicts : public TcFilterTest, public testing::WithParamInterface<const char *> {};

TEST_P(TcFilterVerdicts, AgreeWithLibpcapOnCraftedFrames)
{
    const auto classic = compile_pcap_filter(GetParam());
    const auto program =
        load_tc_filter(translate_to_tc(classic, {.ending = Ending::Verdict}), "test_tc_verdict");
    size_t matches = 0;
    for (const Bytes &frame : crafted_frames()) {
        const bool expected = libpcap_matches(classic, frame);
        matches += expected;
        EXPECT_EQ(tc_matches(program.get(), frame), expected)
            << "'" << GetParam() << "' on a frame of " << frame.size() << " bytes";
    }
    std::cout << "[ info     ] '" << GetParam() << "' matches " << matches << " crafted frames\n";
}

INSTANTIATE_TEST_SUITE_P(Expressions, TcFilterVerdicts,
                         testing::Values("udp port 5000", "tcp", "ip", "ip6", "arp", "vlan 77",
                                         "vlan and udp", "greater 100", "less 60", "len == 54",
                                         "tcp[tcpflags] & tcp-push != 0", "tcp[20:4] != 0xffffffff",
                                         "not ip and not ip6", "ether[12:2] < 0x0600",
                                         "ip6 protochain 17", "udp[8:2] != 0xffff",
                                         "ip[2:2] / (ip[1] & 3) > 10"));

TEST_F(TcFilterTest, LoadsBeyondAnyFrameNeverMatch)
{
    // A word at 70000, then X = 0xffffffff + 70000 (wraps in 32 bits, not
    // in the translation's 64-bit offset): both past the frame's end.
    const Classic absolute = {{BPF_LD | BPF_W | BPF_ABS, 0, 0, 70000}, {BPF_RET | BPF_K, 0, 0, 1}};
    const Classic indexed = {{BPF_LDX | BPF_W | BPF_IMM, 0, 0, 0xffffffff},
                             {BPF_LD | BPF_B | BPF_IND, 0, 0, 2},
                             {BPF_RET | BPF_K, 0, 0, 1}};
    const Bytes frame = udp4(5000, 100);
    for (const Classic *classic : {&absolute, &indexed}) {
        const auto program = load_tc_filter(translate_to_tc(*classic, {}), "test_tc_bounds");
        EXPECT_FALSE(tc_matches(program.get(), frame));
        EXPECT_EQ(libpcap_matches(*classic, frame), false);
    }
}

TEST_F(TcFilterTest, KernelRefusesExactlyTheRuntsTheTestsLeaveOut)
{
    const auto program =
        load_tc_filter(translate_to_tc({{BPF_RET | BPF_K, 0, 0, 1}}, {}), "test_tc_runts");
    const Bytes v4 = udp4(5000, 0);
    const Bytes v6 = FrameBuilder().ethernet(kMacA, kMacB).ipv6(kIp6A, kIp6B).udp(1, 2).build();
    for (const Bytes *frame : {&v4, &v6})
        for (size_t size = kMinTestRunFrame; size <= frame->size(); ++size) {
            const Bytes prefix(frame->begin(), frame->begin() + static_cast<long>(size));
            bool refused = false;
            try {
                run_tc_once(program.get(), prefix);
            } catch (const netmon::Error &) {
                refused = true;
            }
            EXPECT_EQ(refused, skb_test_run_refuses(prefix)) << size << " bytes";
        }
}

TEST_F(TcFilterTest, RefusesAFrameLengthFromMetadata)
{
    const auto classic = compile_pcap_filter("tcp");
    const TranslateOptions metadata{.frame_length_from_metadata = true};
    EXPECT_THROW(translate_to_tc(classic, metadata), netmon::Error);
}

// The chain as `attach --filter` builds it on the egress hook.
class TcFilterChain : public XdpTest {
  protected:
    FilterChain chain(const std::string &expression)
    {
        NetmonObject &obj = xdp().obj();
        return FilterChain::build(expression, {.prog_array_fd = obj.egress_filter_verdicts_fd(),
                                               .on_match_fd = obj.egress_prog_fd(),
                                               .on_no_match_fd = obj.egress_filtered_out_prog_fd(),
                                               .egress = true});
    }

    // Runs the frame through the chain: it must go on, unmodified.
    void send(int entry_fd, const Bytes &frame)
    {
        ProgRun r = prog_test_run(entry_fd, frame);
        ASSERT_EQ(r.err, 0) << strerror(-r.err);
        EXPECT_EQ(static_cast<int32_t>(r.retval), TC_ACT_UNSPEC) << "egress never drops";
        EXPECT_EQ(r.out, frame) << "the filter must never modify a frame";
    }
};

TEST_F(TcFilterChain, CountsMatchesUnderEgressAndTheRestAsFilteredOut)
{
    const FilterChain filter = chain("udp port 5000");
    const Bytes match = udp4(5000, 100);
    const Bytes other = udp4(5001, 300);
    const Bytes tcp =
        FrameBuilder().ethernet(kMacA, kMacB).ipv4(kIp4A, kIp4B).tcp(5000, 5000, kTcpAck).build();
    for (int i = 0; i < 3; ++i)
        send(filter.entry_prog_fd(), match);
    send(filter.entry_prog_fd(), other);
    send(filter.entry_prog_fd(), tcp);

    const netmon_counter udp = xdp().counter(kProtoUdp, 0, NETMON_HOOK_EGRESS);
    EXPECT_EQ(udp.packets, 3u);
    EXPECT_EQ(udp.bytes, 3 * match.size());
    EXPECT_EQ(xdp().nonzero_classes(0, NETMON_HOOK_EGRESS).size(), 1u) << "only the matches";
    const netmon_counter out = xdp().counter(NETMON_CTR_FILTERED_OUT, 0, NETMON_HOOK_EGRESS);
    EXPECT_EQ(out.packets, 2u);
    EXPECT_EQ(out.bytes, other.size() + tcp.size());
    EXPECT_TRUE(xdp().nonzero_classes(0, NETMON_HOOK_INGRESS).empty());
    EXPECT_EQ(xdp().counter(NETMON_CTR_FILTERED_OUT, 0, NETMON_HOOK_INGRESS).packets, 0u);
    ASSERT_EQ(xdp().flows().size(), 1u);
    EXPECT_EQ(xdp().flows()[0].key.hook, NETMON_HOOK_EGRESS);
}

TEST_F(TcFilterChain, RefusesAnXdpTarget)
{
    // A program array holds one program type: the XDP counter cannot join.
    NetmonObject &obj = xdp().obj();
    const ChainTargets xdp_counter{.prog_array_fd = obj.egress_filter_verdicts_fd(),
                                   .on_match_fd = obj.xdp_prog_fd(),
                                   .egress = true};
    EXPECT_THROW(FilterChain::build("udp", xdp_counter), netmon::Error);
}

} // namespace
} // namespace netmon::test
