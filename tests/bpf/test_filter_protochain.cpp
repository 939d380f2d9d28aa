// `protochain`: libpcap walks the IPv6 (or IPv4) header chain with a loop,
// a backward jump the translation turns into a may_goto-bounded loop. Each
// frame's verdict must be libpcap's (pcap_offline_filter), and the expected
// one written here, on chains short, long (past the counting parser's bound
// of 8) and cut.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iterator>

#include "core/error.h"
#include "filter/cbpf_to_xdp.h"
#include "filter/ebpf_insn.h"
#include "filter/pcap_compile.h"
#include "filter/pcap_header.h"
#include "filter/xdp_filter_loader.h"
#include "support/xdp_harness.h"
#include "support/xdp_test_run.h"

namespace netmon::test {
namespace {

using namespace netmon::filter;

bool libpcap_matches(const std::vector<sock_filter> &classic, const Bytes &frame)
{
    bpf_program program{
        static_cast<u_int>(classic.size()),
        reinterpret_cast<pcap_bpf_insn *>(const_cast<sock_filter *>(classic.data()))};
    pcap_pkthdr header{};
    header.caplen = header.len = static_cast<bpf_u_int32>(frame.size());
    return pcap_offline_filter(&program, &header, frame.data()) != 0;
}

class FilterProtochain : public testing::Test {
  protected:
    void SetUp() override
    {
        if (geteuid() != 0)
            GTEST_SKIP() << "needs root (CAP_BPF) to load and test-run BPF programs";
    }

    static void expect(const char *expression, const Bytes &frame, bool expected,
                       const std::string &what)
    {
        const auto classic = compile_pcap_filter(expression);
        const auto program = load_xdp_filter(translate_to_xdp(classic, {}), "test_protochain");
        EXPECT_EQ(libpcap_matches(classic, frame), expected)
            << "libpcap: " << expression << " on " << what;
        EXPECT_EQ(run_xdp_once(program.get(), frame) == XDP_PASS, expected)
            << "XDP: " << expression << " on " << what;
    }
};

Bytes icmpv6_behind(int dest_opts)
{
    FrameBuilder b;
    b.ethernet(kMacA, kMacB).ipv6(kIp6A, kIp6B).hop_by_hop(8);
    for (int i = 0; i < dest_opts; i++)
        b.destination_options(8);
    return b.icmpv6(128, 0).payload(8).build();
}

TEST_F(FilterProtochain, FindsTheTransportBehindExtensionHeaders)
{
    for (int n : {0, 1, 7, 20, 100}) {
        const Bytes frame = icmpv6_behind(n);
        const std::string what = "ICMPv6 behind " + std::to_string(n + 1) + " extension headers";
        expect("ip6 protochain 58", frame, true, what);
        expect("ip6 protochain 17", frame, false, what);
        expect("ip6 protochain 60", frame, n > 0, what); // a header on the way counts too
    }
}

TEST_F(FilterProtochain, UdpBehindRoutingAndFragment)
{
    const Bytes frame = FrameBuilder()
                            .ethernet(kMacA, kMacB)
                            .ipv6(kIp6A, kIp6B)
                            .routing(24)
                            .ipv6_fragment(0, true)
                            .udp(1, 2)
                            .build();
    expect("ip6 protochain 17", frame, true, "UDP behind routing + fragment");
    expect("ip6 protochain 6", frame, false, "UDP behind routing + fragment");
    expect("protochain 17", frame, true, "UDP behind routing + fragment");
}

TEST_F(FilterProtochain, ACutChainDoesNotMatch)
{
    const Bytes whole = icmpv6_behind(10);
    // Cut in the middle of the sixth destination options header.
    const ptrdiff_t cut_at = 14 + 40 + 8 + 5 * 8 + 1;
    const Bytes cut(whole.begin(), whole.begin() + cut_at);
    expect("ip6 protochain 58", cut, false, "a chain cut short");
}

TEST_F(FilterProtochain, Ipv4ProtochainIsTheProtocolField)
{
    const Bytes tcp =
        FrameBuilder().ethernet(kMacA, kMacB).ipv4(kIp4A, kIp4B).tcp(1, 2, kTcpSyn).build();
    expect("ip protochain 6", tcp, true, "IPv4 TCP");
    expect("ip protochain 17", tcp, false, "IPv4 TCP");
}

TEST(FilterProtochainTranslation, BackwardJumpBecomesAMayGotoLoop)
{
    const auto classic = compile_pcap_filter("ip6 protochain 58");
    bool backward = false;
    for (const sock_filter &in : classic)
        backward |= in.code == (BPF_JMP | BPF_JA) && static_cast<int32_t>(in.k) < 0;
    ASSERT_TRUE(backward) << "libpcap no longer loops for protochain: revisit this test";
    bool may_goto = false;
    for (const bpf_insn &insn : translate_to_xdp(classic, {}))
        may_goto |= insn.code == (BPF_JMP | ebpf::kJmpCond);
    EXPECT_TRUE(may_goto);
}

// A loop the verifier cannot prove finite within its budget (a fuzzed
// protochain kept in fuzz/regressions/) is refused, saying so in one line.
TEST_F(FilterProtochain, ALoopTheVerifierGivesUpOnIsReportedAsTooComplex)
{
    std::ifstream in("fuzz/regressions/filter_translate/verifier-gives-up-on-loop-1",
                     std::ios::binary);
    ASSERT_TRUE(in) << "run from the source tree (ctest does)";
    const std::vector<char> bytes{std::istreambuf_iterator<char>(in), {}};
    std::vector<sock_filter> classic(bytes.size() / sizeof(sock_filter));
    std::memcpy(classic.data(), bytes.data(), classic.size() * sizeof(sock_filter));
    const auto program = translate_to_xdp(classic, {.ending = Ending::Verdict});
    try {
        load_xdp_filter(program, "test_too_complex");
        FAIL() << "the verifier accepted the loop";
    } catch (const Error &e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("too complex for the kernel's verifier"), std::string::npos)
            << message;
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
}

} // namespace
} // namespace netmon::test
