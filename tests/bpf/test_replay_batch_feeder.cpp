// Replay's batches: many frames counted in one test run must leave exactly
// what one test run per frame leaves (counters, every flow with its first-
// and last-seen times), however the frames fall into batches.
#include <algorithm>
#include <cstring>

#include "replay/batch_feeder.h"
#include "replay/frame_feeder.h"
#include "support/xdp_harness.h"

namespace netmon::test {
namespace {

using replay::BatchFeeder;
using replay::FrameFeeder;

struct Captured {
    Bytes bytes;          // as captured
    uint32_t wire_length; // on the wire
    uint64_t timestamp_ns;
};

constexpr uint64_t kEpochNs = 1'700'000'000'000'000'000ULL;

class ReplayBatchFeederTest : public XdpTest {
  protected:
    uint32_t max_flows() const override { return 4096; }
    bool replay_batches() const override { return true; }

    void feed_one_by_one(const std::vector<Captured> &frames)
    {
        FrameFeeder feeder(xdp().obj().xdp_prog_fd());
        for (const Captured &f : frames) {
            xdp().obj().set_replay_clock(f.timestamp_ns);
            xdp().obj().set_replay_frame_len(f.wire_length);
            feeder.feed(f.bytes, f.wire_length);
        }
    }

    void feed_in_batches(const std::vector<Captured> &frames)
    {
        BatchFeeder batches(xdp().obj());
        for (const Captured &f : frames) {
            ASSERT_TRUE(BatchFeeder::fits(f.bytes.size())) << f.bytes.size();
            batches.add(f.bytes, f.wire_length, f.timestamp_ns);
        }
        batches.flush();
    }

    // What the program left: every class counter and every flow, sorted.
    struct Counted {
        std::vector<std::pair<uint32_t, netmon_counter>> classes;
        std::vector<FlowEntry> flows;
    };
    Counted counted()
    {
        Counted c{xdp().nonzero_classes(), xdp().flows()};
        std::sort(c.flows.begin(), c.flows.end(), [](const FlowEntry &a, const FlowEntry &b) {
            return std::memcmp(&a.key, &b.key, sizeof(a.key)) < 0;
        });
        return c;
    }

    static void expect_same(const Counted &batched, const Counted &single)
    {
        ASSERT_EQ(batched.classes.size(), single.classes.size());
        for (size_t i = 0; i < single.classes.size(); i++) {
            EXPECT_EQ(batched.classes[i].first, single.classes[i].first);
            EXPECT_EQ(batched.classes[i].second.packets, single.classes[i].second.packets);
            EXPECT_EQ(batched.classes[i].second.bytes, single.classes[i].second.bytes);
        }
        ASSERT_EQ(batched.flows.size(), single.flows.size());
        for (size_t i = 0; i < single.flows.size(); i++) {
            const netmon_flow_stats &b = batched.flows[i].stats, &s = single.flows[i].stats;
            const std::string key = describe(single.flows[i].key);
            EXPECT_EQ(
                std::memcmp(&batched.flows[i].key, &single.flows[i].key, sizeof(netmon_flow_key)),
                0)
                << key;
            EXPECT_EQ(b.packets, s.packets) << key;
            EXPECT_EQ(b.bytes, s.bytes) << key;
            EXPECT_EQ(b.ip_bytes, s.ip_bytes) << key;
            EXPECT_EQ(b.syn_packets, s.syn_packets) << key;
            EXPECT_EQ(b.tcp_flags, s.tcp_flags) << key;
            EXPECT_EQ(b.first_seen_ns, s.first_seen_ns) << key;
            EXPECT_EQ(b.last_seen_ns, s.last_seen_ns) << key;
        }
    }

    // Counts the frames both ways, each into a fresh program state.
    void expect_batches_count_as_single_runs(const std::vector<Captured> &frames)
    {
        feed_one_by_one(frames);
        const Counted single = counted();
        xdp().reset();
        feed_in_batches(frames);
        expect_same(counted(), single);
    }
};

// Every shape the parser knows, runts and cut captures among them.
std::vector<Captured> assorted_frames()
{
    const Bytes udp =
        FrameBuilder().ethernet(kMacA, kMacB).ipv4(kIp4A, kIp4B).udp(4000, 53).payload(30).build();
    const Bytes big_udp = FrameBuilder()
                              .ethernet(kMacA, kMacB)
                              .ipv4(kIp4A, kIp4B)
                              .udp(4000, 53)
                              .payload(1400)
                              .build();
    std::vector<Bytes> shapes = {
        FrameBuilder().ethernet(kMacA, kMacB).ipv4(kIp4A, kIp4B).tcp(1000, 80, kTcpSyn).build(),
        FrameBuilder()
            .ethernet(kMacB, kMacA)
            .ipv4(kIp4B, kIp4A)
            .tcp(80, 1000, kTcpSyn | kTcpAck)
            .payload(100)
            .build(),
        udp,
        FrameBuilder()
            .ethernet(kMacA, kMacB)
            .vlan(7)
            .vlan(8)
            .ipv6(kIp6A, kIp6B)
            .hop_by_hop(16)
            .routing(24)
            .udp(5, 6)
            .payload(3)
            .build(),
        FrameBuilder()
            .ethernet(kMacA, kMacB)
            .ipv6(kIp6A, kIp6B)
            .ipv6_fragment(10, false)
            .payload(40)
            .build(),
        FrameBuilder().ethernet(kMacA, kMacB).ipv4(kIp4A, kIp4B).icmp(8, 0).build(),
        FrameBuilder().ethernet(kMacA, kMacB).ipv6(kIp6A, kIp6B).icmpv6(128, 0).build(),
        FrameBuilder().ethernet(kMacA, kMacB).ipv4(kIp4A, kIp4B).sctp(9, 10).build(),
        FrameBuilder().ethernet(kMacA, kMacB).arp_request(kMacA, kIp4A, kIp4B).build(),
        big_udp,
    };
    std::vector<Captured> frames;
    uint64_t t = kEpochNs;
    for (int round = 0; round < 3; round++) {
        for (const Bytes &s : shapes)
            frames.push_back({s, static_cast<uint32_t>(s.size()), t += 1000});
        for (size_t runt : {0, 1, 13})
            frames.push_back({Bytes(runt, 0xab), static_cast<uint32_t>(runt + 1), t += 1000});
        // A capture cut at 64 bytes (snaplen), counted at its wire length.
        frames.push_back(
            {truncated(big_udp, 64), static_cast<uint32_t>(big_udp.size()), t += 1000});
    }
    return frames;
}

TEST_F(ReplayBatchFeederTest, AssortedFramesCountAsOneRunPerFrameCountsThem)
{
    expect_batches_count_as_single_runs(assorted_frames());
}

// 3000 frames of 14 to 1514 bytes over 700 flows: hundreds of batches,
// each ended by the space left, and flows that span batches.
TEST_F(ReplayBatchFeederTest, FlowsSpanningManyBatchesKeepTheirFirstAndLastSeen)
{
    std::vector<Captured> frames;
    uint64_t t = kEpochNs;
    for (uint32_t i = 0; i < 3000; i++) {
        const uint16_t flow = static_cast<uint16_t>(i % 700);
        const size_t payload = (i * 37) % 1473;
        const Bytes f = FrameBuilder()
                            .ethernet(kMacA, kMacB)
                            .ipv4(kIp4A, kIp4B)
                            .udp(static_cast<uint16_t>(1024 + flow), 53)
                            .payload(payload)
                            .build();
        frames.push_back({f, static_cast<uint32_t>(f.size()), t += 7});
    }
    expect_batches_count_as_single_runs(frames);
    EXPECT_EQ(xdp().counter(kProtoUdp).packets, 3000u);
}

// Minimal frames fill the entry table (256) before the buffer (3520 bytes);
// frames of the largest size that fits go one per batch.
TEST_F(ReplayBatchFeederTest, BatchesEndAtTheEntryLimitAndAtTheBufferSize)
{
    std::vector<Captured> frames;
    uint64_t t = kEpochNs;
    for (int i = 0; i < 600; i++)
        frames.push_back({Bytes(14, static_cast<uint8_t>(i)), 60, t += 1});
    const Bytes largest = FrameBuilder()
                              .ethernet(kMacA, kMacB)
                              .ipv4(kIp4A, kIp4B)
                              .udp(7, 8)
                              .payload(replay::kBatchBytes - 14 - 20 - 8)
                              .build();
    ASSERT_EQ(largest.size(), replay::kBatchBytes);
    for (int i = 0; i < 3; i++)
        frames.push_back({largest, 9000, t += 1});
    expect_batches_count_as_single_runs(frames);
    EXPECT_EQ(xdp().counter(kProtoUdp).packets, 3u);
    EXPECT_EQ(xdp().counter(kProtoUdp).bytes, 27000u);
}

TEST_F(ReplayBatchFeederTest, FramesLargerThanTheBufferGoOneByOne)
{
    EXPECT_TRUE(BatchFeeder::fits(0)); // a runt is fed as 14 bytes
    EXPECT_TRUE(BatchFeeder::fits(replay::kBatchBytes));
    EXPECT_FALSE(BatchFeeder::fits(replay::kBatchBytes + 1));
}

TEST_F(ReplayBatchFeederTest, AnEmptyFlushRunsNothing)
{
    BatchFeeder batches(xdp().obj());
    batches.flush();
    EXPECT_TRUE(xdp().nonzero_classes().empty());
}

} // namespace
} // namespace netmon::test
