// Replay's intervals on the capture's clock: when they close, how long they
// are, and how a long gap between frames is reported.
#include <gtest/gtest.h>

#include "replay/interval_grid.h"
#include "replay/replay_progress.h"

namespace netmon::replay {
namespace {

constexpr uint64_t kSecond = 1'000'000'000;
constexpr uint64_t kT0 = 1'700'000'000 * kSecond;

std::vector<uint64_t> ends(const std::vector<IntervalClose> &closes)
{
    std::vector<uint64_t> out;
    for (const auto &c : closes)
        out.push_back(c.end_ns - kT0);
    return out;
}

TEST(ReplayIntervalGrid, FramesWithinTheFirstIntervalCloseNothing)
{
    IntervalGrid grid(kSecond, 40);
    grid.start(kT0);
    EXPECT_TRUE(grid.advance_to(kT0).empty());
    EXPECT_TRUE(grid.advance_to(kT0 + kSecond - 1).empty());
}

TEST(ReplayIntervalGrid, AFrameAtTheIntervalEndClosesIt)
{
    IntervalGrid grid(kSecond, 40);
    grid.start(kT0);
    auto closes = grid.advance_to(kT0 + kSecond);
    EXPECT_EQ(ends(closes), std::vector<uint64_t>{kSecond});
    EXPECT_EQ(closes[0].length_ns, kSecond);
    EXPECT_TRUE(grid.advance_to(kT0 + kSecond + 5).empty());
}

TEST(ReplayIntervalGrid, AShortGapReportsEachEmptyInterval)
{
    IntervalGrid grid(kSecond, 40);
    grid.start(kT0);
    // Frame at 3.5 s: [0,1) with frames, [1,2) and [2,3) empty; 3.5 is in [3,4).
    EXPECT_EQ(ends(grid.advance_to(kT0 + 3 * kSecond + kSecond / 2)),
              (std::vector<uint64_t>{kSecond, 2 * kSecond, 3 * kSecond}));
    EXPECT_EQ(ends(grid.advance_to(kT0 + 4 * kSecond)), std::vector<uint64_t>{4 * kSecond});
}

TEST(ReplayIntervalGrid, ALongGapIsCutAfterMaxEmptyIntervals)
{
    IntervalGrid grid(kSecond, 2);
    grid.start(kT0);
    const uint64_t day = 86400 * kSecond;
    EXPECT_EQ(ends(grid.advance_to(kT0 + day + kSecond / 2)),
              (std::vector<uint64_t>{kSecond, 2 * kSecond, 3 * kSecond}));
    // The grid resumes at the interval holding the frame: [day, day+1).
    EXPECT_TRUE(grid.advance_to(kT0 + day + kSecond - 1).empty());
    auto closes = grid.advance_to(kT0 + day + kSecond);
    EXPECT_EQ(ends(closes), std::vector<uint64_t>{day + kSecond});
    EXPECT_EQ(closes[0].length_ns, kSecond);
}

TEST(ReplayIntervalGrid, TimeGoingBackwardsClosesNothing)
{
    IntervalGrid grid(kSecond, 40);
    grid.start(kT0);
    grid.advance_to(kT0 + 2 * kSecond);
    EXPECT_TRUE(grid.advance_to(kT0).empty());
    EXPECT_EQ(grid.latest_ns(), kT0 + 2 * kSecond);
}

TEST(ReplayIntervalGrid, FinishClosesAtTheLastFrame)
{
    IntervalGrid grid(kSecond, 40);
    grid.start(kT0);
    grid.advance_to(kT0 + kSecond + 250'000'000);
    const IntervalClose last = grid.finish();
    EXPECT_EQ(last.end_ns, kT0 + kSecond + 250'000'000);
    EXPECT_EQ(last.length_ns, 250'000'000u);
}

TEST(ReplaySummary, NamesFramesSourceTimeAndRate)
{
    EXPECT_EQ(replay_summary(1000, "a.pcap", 0.25),
              "replayed 1000 frames from a.pcap in 0.250 s (4000 frames/s)");
    EXPECT_EQ(replay_summary(1, "2 files", 0), "replayed 1 frame from 2 files in 0.000 s");
}

} // namespace
} // namespace netmon::replay
