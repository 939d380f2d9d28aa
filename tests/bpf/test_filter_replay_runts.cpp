// Replay feeds every captured frame to the filter, runts included: the
// kernel test-runs nothing under 14 bytes, so FrameFeeder pads them and
// passes the captured length in the XDP metadata. A load past the captured
// bytes must not match, as in libpcap (bpf_filter returns 0), whatever the
// padding holds. Checked frame by frame against pcap_offline_filter over
// every Ethernet capture in ../shared/pcaps (runts included), and through
// the replay chain's counters on a crafted runt.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "filter/cbpf_to_xdp.h"
#include "filter/filter_chain.h"
#include "filter/pcap_compile.h"
#include "filter/pcap_header.h"
#include "filter/xdp_filter_loader.h"
#include "replay/frame_feeder.h"
#include "support/xdp_harness.h"

namespace netmon::test {
namespace {

namespace fs = std::filesystem;
using namespace netmon::filter;

const char *const kCaptureDir = "../shared/pcaps"; // from the repo root, ctest's cwd

struct CapturedFrame {
    std::string source; // "file.pcap#index"
    pcap_pkthdr header;
    Bytes bytes;
};

const std::vector<CapturedFrame> &ethernet_frames()
{
    static const std::vector<CapturedFrame> frames = [] {
        std::vector<CapturedFrame> out;
        if (!fs::is_directory(kCaptureDir))
            return out;
        std::vector<fs::path> paths;
        for (const auto &entry : fs::directory_iterator(kCaptureDir))
            paths.push_back(entry.path());
        std::sort(paths.begin(), paths.end());
        for (const auto &path : paths) {
            char errbuf[PCAP_ERRBUF_SIZE];
            pcap_t *pcap = pcap_open_offline(path.c_str(), errbuf);
            if (!pcap)
                continue; // not a capture (SOURCES.md)
            pcap_pkthdr *header;
            const u_char *data;
            for (size_t i = 0;
                 pcap_datalink(pcap) == DLT_EN10MB && pcap_next_ex(pcap, &header, &data) == 1; ++i)
                out.push_back({path.filename().string() + "#" + std::to_string(i), *header,
                               Bytes(data, data + header->caplen)});
            pcap_close(pcap);
        }
        return out;
    }();
    return frames;
}

bool libpcap_matches(const std::vector<sock_filter> &classic, const CapturedFrame &frame)
{
    bpf_program program{
        static_cast<u_int>(classic.size()),
        reinterpret_cast<pcap_bpf_insn *>(const_cast<sock_filter *>(classic.data()))};
    return pcap_offline_filter(&program, &frame.header, frame.bytes.data()) != 0;
}

// The filters whose verdict on a runt depends on the bytes beyond it.
class FilterOnRuntsTest : public testing::TestWithParam<const char *> {
  protected:
    void SetUp() override
    {
        if (geteuid() != 0)
            GTEST_SKIP() << "needs root (CAP_BPF) to load and test-run BPF programs";
        if (ethernet_frames().empty())
            GTEST_SKIP() << "no Ethernet captures in " << fs::absolute(kCaptureDir)
                         << " (run from the repository root)";
    }
};

TEST_P(FilterOnRuntsTest, ReplayedFramesGetLibpcapsVerdictRuntsIncluded)
{
    const auto classic = compile_pcap_filter(GetParam());
    const auto program = load_xdp_filter(
        translate_to_xdp(classic, {.ending = Ending::Verdict, .frame_length_from_metadata = true}),
        "test_filter");
    replay::FrameFeeder feeder(program.get());
    size_t runts = 0, matches = 0, mismatches = 0;
    std::ostringstream examples;
    for (const CapturedFrame &frame : ethernet_frames()) {
        const bool expected = libpcap_matches(classic, frame);
        const bool got = feeder.feed(frame.bytes, frame.header.len) == XDP_PASS;
        runts += frame.header.caplen < replay::kMinFedFrame;
        matches += expected;
        if (expected != got && ++mismatches <= 5)
            examples << "\n  " << frame.source << " (caplen " << frame.header.caplen
                     << "): libpcap " << (expected ? "matches" : "does not match")
                     << ", XDP does the opposite";
    }
    EXPECT_GT(runts, 0u) << "the captures hold no runt: this test proves nothing";
    EXPECT_EQ(mismatches, 0u) << "for '" << GetParam() << "'" << examples.str();
    std::cout << "[ info     ] '" << GetParam() << "' matches " << matches << " of "
              << ethernet_frames().size() << " frames (" << runts << " runts)\n";
}

INSTANTIATE_TEST_SUITE_P(Expressions, FilterOnRuntsTest,
                         testing::Values("not arp", "not ip and not ip6", "ether[12:2] < 0x0600",
                                         "ether[0] = 0", "len >= 0"),
                         [](const auto &info) {
                             return "Expression" + std::to_string(info.index);
                         });

// Through the chain replay builds: a 4-byte runt is filtered out by
// `not arp` (libpcap cannot read its EtherType), not counted as other L2.
class ReplayRuntTest : public XdpTest {};

TEST_F(ReplayRuntTest, ARuntIsFilteredOutWhereTheFilterReadsPastIt)
{
    auto chain =
        FilterChain::build("not arp", {xdp().obj().filter_verdicts_fd(), xdp().obj().xdp_prog_fd(),
                                       xdp().obj().filtered_out_prog_fd(),
                                       /*length_from_metadata=*/true});
    xdp().obj().set_replay_frame_len(4);
    replay::FrameFeeder(chain.entry_prog_fd()).feed(Bytes(4, 0xab), 4);
    EXPECT_TRUE(xdp().nonzero_classes().empty());
    EXPECT_EQ(xdp().counter(NETMON_CTR_FILTERED_OUT).packets, 1u);
    EXPECT_EQ(xdp().counter(NETMON_CTR_FILTERED_OUT).bytes, 4u);
}

// `len >= 0` reads no byte: libpcap matches a runt, and so must we.
TEST_F(ReplayRuntTest, ARuntMatchesAFilterThatReadsNoByte)
{
    auto chain =
        FilterChain::build("len >= 0", {xdp().obj().filter_verdicts_fd(), xdp().obj().xdp_prog_fd(),
                                        xdp().obj().filtered_out_prog_fd(),
                                        /*length_from_metadata=*/true});
    xdp().obj().set_replay_frame_len(4);
    replay::FrameFeeder(chain.entry_prog_fd()).feed(Bytes(4, 0xab), 4);
    EXPECT_EQ(xdp().counter(NETMON_CTR_OTHER_L2).packets, 1u);
    EXPECT_EQ(xdp().counter(NETMON_CTR_FILTERED_OUT).packets, 0u);
}

} // namespace
} // namespace netmon::test
