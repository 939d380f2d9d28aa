// Replay's feeder: every captured frame, however short or long, is run
// through the program once and counted with its length on the wire.
#include "filter/filter_chain.h"
#include "replay/frame_feeder.h"
#include "support/xdp_harness.h"

namespace netmon::test {
namespace {

using replay::FrameFeeder;

class ReplayFeederTest : public XdpTest {
  protected:
    // Feeds a frame as replay does: the wire length in .bss, then the run.
    void feed(int prog_fd, const Bytes &captured, uint32_t wire_length)
    {
        xdp().obj().set_replay_clock(1'700'000'000'000'000'000ULL);
        xdp().obj().set_replay_frame_len(wire_length);
        FrameFeeder(prog_fd).feed(captured, wire_length);
    }
    void feed(const Bytes &captured, uint32_t wire_length)
    {
        feed(xdp().obj().xdp_prog_fd(), captured, wire_length);
    }

    Bytes udp_frame(size_t payload)
    {
        return FrameBuilder()
            .ethernet(kMacA, kMacB)
            .ipv4(kIp4A, kIp4B)
            .udp(4000, 53)
            .payload(payload)
            .build();
    }
};

TEST_F(ReplayFeederTest, RuntsAreCountedAsOtherL2WithTheirOwnLength)
{
    for (size_t len : {0, 1, 5, 13}) {
        xdp().reset();
        feed(Bytes(len, 0xab), static_cast<uint32_t>(len ? len : 1));
        EXPECT_EQ(xdp().counter(NETMON_CTR_OTHER_L2).packets, 1u) << len << "-byte runt";
        EXPECT_EQ(xdp().counter(NETMON_CTR_OTHER_L2).bytes, len ? len : 1) << len;
        // The zero padding parses as a runt does: the all-zero key.
        EXPECT_TRUE(xdp().flow(netmon_flow_key{}).has_value()) << len;
    }
}

TEST_F(ReplayFeederTest, TruncatedCapturesCountTheWireLength)
{
    Bytes frame = udp_frame(1400);
    feed(truncated(frame, 64), static_cast<uint32_t>(frame.size()));
    EXPECT_EQ(xdp().counter(kProtoUdp).bytes, frame.size());
    auto st = xdp().flow(ipv4_key(kIp4A, kIp4B, kProtoUdp, 4000, 53));
    ASSERT_TRUE(st);
    EXPECT_EQ(st->bytes, frame.size());
}

TEST_F(ReplayFeederTest, FramesBeyondOnePageAreCountedOnce)
{
    // Past the 3520 linear bytes a test run splits the frame into
    // fragments; past kMaxFedFrame the feeder cuts it.
    for (size_t payload : {3600, 9000, 70000, 200000}) {
        xdp().reset();
        Bytes frame = udp_frame(payload);
        feed(frame, static_cast<uint32_t>(frame.size()));
        EXPECT_EQ(xdp().counter(kProtoUdp).packets, 1u) << payload;
        EXPECT_EQ(xdp().counter(kProtoUdp).bytes, frame.size()) << payload;
        auto st = xdp().flow(ipv4_key(kIp4A, kIp4B, kProtoUdp, 4000, 53));
        ASSERT_TRUE(st) << payload;
        EXPECT_EQ(st->packets, 1u);
    }
}

TEST_F(ReplayFeederTest, AppendedFrameIsPaddedOrCut)
{
    Bytes out;
    replay::append_fed_frame(Bytes(3, 0xff), out);
    EXPECT_EQ(out, Bytes(replay::kMinFedFrame, 0));
    out.clear();
    replay::append_fed_frame(Bytes(replay::kMaxFedFrame + 10, 1), out);
    EXPECT_EQ(out.size(), replay::kMaxFedFrame);
}

TEST_F(ReplayFeederTest, ThroughAFilterMatchesAreCountedTheRestFilteredOut)
{
    auto chain = filter::FilterChain::build("udp port 53", {xdp().obj().filter_verdicts_fd(),
                                                            xdp().obj().xdp_prog_fd(),
                                                            xdp().obj().filtered_out_prog_fd()});
    Bytes dns = udp_frame(20);
    Bytes other =
        FrameBuilder().ethernet(kMacA, kMacB).ipv4(kIp4A, kIp4B).tcp(1, 2, kTcpSyn).build();
    feed(chain.entry_prog_fd(), dns, 1000);
    feed(chain.entry_prog_fd(), other, 2000);
    feed(chain.entry_prog_fd(), Bytes(4, 0), 4); // a runt reaches the filter too
    EXPECT_EQ(xdp().counter(kProtoUdp).packets, 1u);
    EXPECT_EQ(xdp().counter(kProtoUdp).bytes, 1000u);
    EXPECT_EQ(xdp().counter(NETMON_CTR_FILTERED_OUT).packets, 2u);
    EXPECT_EQ(xdp().counter(NETMON_CTR_FILTERED_OUT).bytes, 2004u);
}

} // namespace
} // namespace netmon::test
