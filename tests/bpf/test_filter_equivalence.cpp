// The translated XDP filter must match exactly the frames libpcap's own
// interpreter (pcap_offline_filter) matches, on every Ethernet capture in
// ../shared/pcaps and for a broad set of tcpdump expressions.
//
// Frame length (BPF_LEN, `greater`/`less`): the program is fed the captured
// bytes, and the original wire length in XDP metadata
// (frame_length_from_metadata), so truncated captures compare exactly.
// A program that reads scratch memory before writing it is skipped, and the
// test says so: libpcap does not initialise M[], so its verdict is undefined.
// Frames shorter than 14 bytes are skipped: the kernel refuses to test-run
// them, and no driver hands them to XDP. So are frames over 64 KiB (BIG TCP
// captures): a test run cannot carry them in its 17 fragments, and the
// translation never reads past 64 KiB anyway (see xdp_filter_layout.h).
//
// The egress (TC) translation runs on the same frames, each as the whole
// frame the host sends: libpcap gets len == caplen. A test run builds a
// linear skb of at most about a page, so larger frames are left out there
// (tests/e2e/test_filter_egress.sh covers non-linear skbs), and so are IP
// runts the kernel refuses to build one from (skb_test_run_refuses()).
#include <gtest/gtest.h>
#include <linux/pkt_cls.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "filter/cbpf_to_xdp.h"
#include "filter/pcap_compile.h"
#include "filter/pcap_header.h"
#include "filter/scratch_reads.h"
#include "filter/xdp_filter_loader.h"
#include "support/shared_pcaps.h"
#include "support/xdp_test_run.h"

namespace {

using namespace netmon::filter;
namespace fs = std::filesystem;

struct Frame {
    std::string source; // "file.pcap#index", for failure messages
    pcap_pkthdr header;
    std::vector<uint8_t> bytes;
};

struct Corpus {
    std::vector<Frame> frames;
    size_t captures = 0;
    size_t skipped = 0; // shorter than 14 bytes or longer than 64 KiB
};

constexpr uint32_t kMaxTestRunFrame = 0xffff;

void read_capture(const fs::path &path, Corpus &corpus)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *pcap = pcap_open_offline(path.c_str(), errbuf);
    if (!pcap)
        return; // not a capture (e.g. SOURCES.md)
    if (pcap_datalink(pcap) == DLT_EN10MB) {
        ++corpus.captures;
        pcap_pkthdr *header;
        const u_char *data;
        for (size_t index = 0; pcap_next_ex(pcap, &header, &data) == 1; ++index) {
            if (header->caplen < kMinTestRunFrame || header->caplen > kMaxTestRunFrame) {
                ++corpus.skipped;
                continue;
            }
            corpus.frames.push_back({path.filename().string() + "#" + std::to_string(index),
                                     *header, std::vector<uint8_t>(data, data + header->caplen)});
        }
    }
    pcap_close(pcap);
}

const Corpus &corpus()
{
    static const Corpus loaded = [] {
        Corpus c;
        const fs::path dir = netmon::test::shared_pcaps_dir();
        if (!fs::is_directory(dir))
            return c;
        std::vector<fs::path> paths;
        for (const auto &entry : fs::directory_iterator(dir))
            paths.push_back(entry.path());
        std::sort(paths.begin(), paths.end());
        for (const auto &path : paths)
            read_capture(path, c);
        return c;
    }();
    return loaded;
}

bool libpcap_matches(const std::vector<sock_filter> &classic, const Frame &frame,
                     bool whole_frame = false)
{
    bpf_program program{
        static_cast<u_int>(classic.size()),
        reinterpret_cast<pcap_bpf_insn *>(const_cast<sock_filter *>(classic.data()))};
    pcap_pkthdr header = frame.header;
    if (whole_frame)
        header.len = header.caplen;
    return pcap_offline_filter(&program, &header, frame.bytes.data()) != 0;
}

// The largest frame the kernel accepts for an skb test run (about a page
// less the skb's head- and tailroom), found once by bisection.
size_t largest_skb_test_run()
{
    static const size_t largest = [] {
        const auto pass =
            load_tc_filter(translate_to_tc({{BPF_RET | BPF_K, 0, 0, 1}}, {}), "test_skb_size");
        auto accepted = [&](size_t size) {
            try {
                run_tc_once(pass.get(), std::vector<uint8_t>(size));
                return true;
            } catch (const netmon::Error &) {
                return false;
            }
        };
        size_t low = kMinTestRunFrame, high = kMaxTestRunFrame + 1; // accepted, refused
        while (high - low > 1) {
            const size_t mid = low + (high - low) / 2;
            (accepted(mid) ? low : high) = mid;
        }
        return low;
    }();
    return largest;
}

class FilterEquivalence : public testing::TestWithParam<const char *> {
  protected:
    void SetUp() override
    {
        if (geteuid() != 0)
            GTEST_SKIP() << "needs root (CAP_BPF) to load and test-run BPF programs";
        NETMON_NEED_SHARED_PCAPS();
        if (corpus().frames.empty())
            GTEST_SKIP() << "no Ethernet captures in "
                         << fs::absolute(netmon::test::shared_pcaps_dir())
                         << " (run from the repository root)";
    }
};

TEST_P(FilterEquivalence, MatchesTheSameFramesAsLibpcap)
{
    const std::string expression = GetParam();
    const auto classic = compile_pcap_filter(expression);
    // libpcap's interpreter leaves M[] uninitialised: such a program's
    // verdict is whatever its stack held, nothing to compare with.
    if (reads_unwritten_scratch(classic))
        GTEST_SKIP() << "libpcap's program for '" << expression
                     << "' reads scratch memory before writing it: its verdict is undefined";
    const auto program = load_xdp_filter(
        translate_to_xdp(classic, {.ending = Ending::Verdict, .frame_length_from_metadata = true}),
        "test_filter");

    size_t expected_matches = 0, mismatches = 0;
    std::ostringstream examples;
    for (const Frame &frame : corpus().frames) {
        const bool expected = libpcap_matches(classic, frame);
        uint32_t action = 0;
        try {
            action = run_xdp_once(program.get(), frame.bytes, frame.header.len);
        } catch (const netmon::Error &e) {
            FAIL() << frame.source << " (caplen " << frame.header.caplen << "): " << e.what();
        }
        ASSERT_TRUE(action == XDP_PASS || action == XDP_DROP) << frame.source;
        expected_matches += expected;
        if (expected != (action == XDP_PASS) && ++mismatches <= 5)
            examples << "\n  " << frame.source << " (caplen " << frame.header.caplen << ", len "
                     << frame.header.len << "): libpcap "
                     << (expected ? "matches" : "does not match") << ", XDP does the opposite";
    }
    EXPECT_EQ(mismatches, 0u) << "for '" << expression << "'" << examples.str();
    RecordProperty("libpcap_matches", static_cast<int>(expected_matches));
    std::cout << "[ info     ] '" << expression << "' matches " << expected_matches << " of "
              << corpus().frames.size() << " frames\n";
}

TEST_P(FilterEquivalence, TcEgressMatchesTheSameFramesAsLibpcap)
{
    const std::string expression = GetParam();
    const auto classic = compile_pcap_filter(expression);
    if (reads_unwritten_scratch(classic))
        GTEST_SKIP() << "libpcap's program for '" << expression
                     << "' reads scratch memory before writing it: its verdict is undefined";
    const auto program =
        load_tc_filter(translate_to_tc(classic, {.ending = Ending::Verdict}), "test_tc_filter");

    const size_t largest = largest_skb_test_run();
    size_t compared = 0, expected_matches = 0, mismatches = 0;
    std::ostringstream examples;
    for (const Frame &frame : corpus().frames) {
        if (frame.bytes.size() > largest || skb_test_run_refuses(frame.bytes))
            continue;
        const bool expected = libpcap_matches(classic, frame, /*whole_frame=*/true);
        int32_t action = 0;
        try {
            action = run_tc_once(program.get(), frame.bytes);
        } catch (const netmon::Error &e) {
            FAIL() << frame.source << " (caplen " << frame.header.caplen << "): " << e.what();
        }
        ASSERT_TRUE(action == TC_ACT_OK || action == TC_ACT_UNSPEC) << frame.source;
        ++compared;
        expected_matches += expected;
        if (expected != (action == TC_ACT_OK) && ++mismatches <= 5)
            examples << "\n  " << frame.source << " (" << frame.header.caplen << " bytes): libpcap "
                     << (expected ? "matches" : "does not match") << ", TC does the opposite";
    }
    EXPECT_EQ(mismatches, 0u) << "for '" << expression << "'" << examples.str();
    EXPECT_GT(compared, corpus().frames.size() / 2) << "most frames fit an skb test run";
    std::cout << "[ info     ] TC '" << expression << "' matches " << expected_matches << " of "
              << compared << " frames (" << corpus().frames.size() - compared
              << " over the skb test run's " << largest
              << " bytes or IP runts it refuses left out)\n";
}

INSTANTIATE_TEST_SUITE_P(
    Expressions, FilterEquivalence,
    testing::Values(
        // hosts and nets
        "host 192.168.1.1", "src host 10.0.0.1 or dst host 10.0.0.2", "net 192.168.0.0/16",
        "src net 10.0.0.0/8", "ip6 and host fe80::1", "ip6 net 2001:db8::/32", "dst net ff02::/16",
        "ether host ff:ff:ff:ff:ff:ff", "ether src 00:00:00:00:00:00", "ether broadcast",
        "ether multicast",
        // ports and port ranges
        "port 53", "tcp port 80", "udp port 53", "tcp dst port 443", "src port 80",
        "portrange 1-1023", "tcp portrange 6000-6100", "udp and not port 53", "ip6 and tcp port 80",
        // protocols
        "tcp", "udp", "icmp", "icmp6", "ip6", "arp", "ip", "ip proto gre", "ip proto 50",
        "ip6 proto 58", "sctp", "ether proto 0x88cc", "ether proto 0x8100", "stp", "llc",
        // vlan (the offsets of everything after `vlan` move by 4: indirect loads)
        "vlan", "vlan and tcp", "vlan 77", "vlan 3394 and vlan 113", "vlan and ip and udp", "mpls",
        "pppoes",
        // TCP flags, ICMP types, byte offsets
        "tcp[tcpflags] & tcp-syn != 0", "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn",
        "tcp[13] & 2 != 0", "icmp[icmptype] == icmp-echo", "icmp[icmptype] == icmp-echoreply",
        "ip[6:2] & 0x1fff != 0", "ip[0] & 0xf != 5", "ip[8] < 64", "udp[8:4] == 0",
        "tcp[((tcp[12] & 0xf0) >> 2):4] = 0x47455420", "ip6[6] == 17", "ether[0] & 1 != 0",
        // lengths (BPF_LEN)
        "greater 1000", "less 64", "len > 1500", "len <= 60 and ip",
        // arithmetic: MUL, DIV, MOD, XOR, shifts, NEG, scratch memory
        "ip[2:2] * 2 > 1000", "ip[2:2] / 4 > 100", "ip[2:2] % 7 == 3", "(ip[2:2] ^ 0xff) & 1 == 1",
        "ip[0] << 2 == 0x114", "-ip[8] < 0xffffffc0", "ip[2:2] / (ip[1] & 3) > 100",
        "ip[2:2] % (ip[1] & 3) == 1", "len - ip[2:2] > 14",
        // boolean combinations
        "tcp and (port 80 or port 443)", "not ip and not ip6 and not arp",
        "(tcp or udp) and not (port 53 or port 80)", "ip and (greater 200 or icmp)",
        "host 10.0.0.1 and not tcp"));

TEST(FilterEquivalenceCorpus, HasEthernetCaptures)
{
    NETMON_NEED_SHARED_PCAPS();
    EXPECT_GT(corpus().captures, 50u);
    EXPECT_GT(corpus().frames.size(), 1000u);
    std::cout << "[ info     ] " << corpus().captures << " Ethernet captures, "
              << corpus().frames.size() << " frames, " << corpus().skipped
              << " shorter than 14 bytes or longer than 64 KiB skipped\n";
}

} // namespace
