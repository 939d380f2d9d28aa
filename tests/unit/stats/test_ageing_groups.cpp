// AgeingGroups: which flows are idle past a cutoff, without an ordered list.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "stats/ageing_groups.h"

using namespace netmon;

namespace {

// A stand-in for the flow table: each handle's group and last-seen time.
struct Flows {
    struct Entry {
        uint32_t group = AgeingGroups::kNoGroup;
        uint64_t last_seen = 0;
        bool live = false;
    };
    std::vector<Entry> entries;
    AgeingGroups groups;

    explicit Flows(size_t n) : entries(n) {}

    void see(uint32_t h, uint64_t at)
    {
        Entry &e = entries.at(h);
        e.live = true;
        e.last_seen = std::max(e.last_seen, at);
        groups.touch(h, e.group, e.last_seen);
    }
    void close()
    {
        groups.close_interval([&](uint32_t h) { return entries[h].group; });
    }
    // The handles that aged out, in the order they did.
    std::vector<uint32_t> age_out(uint64_t cutoff)
    {
        std::vector<uint32_t> out;
        groups.age_out(
            cutoff, [&](uint32_t h) { return entries[h].group; },
            [&](uint32_t h) { return entries[h].last_seen; },
            [&](uint32_t h) {
                EXPECT_TRUE(entries[h].live) << "handle " << h << " expired twice";
                entries[h] = Entry{};
                out.push_back(h);
            });
        return out;
    }
};

} // namespace

TEST(AgeingGroups, AgesExactlyTheFlowsLastSeenBeforeTheCutoff)
{
    Flows f(4);
    f.see(0, 10);
    f.see(1, 30);
    f.close();
    f.see(2, 20);
    f.see(3, 40);
    f.close();
    EXPECT_EQ(f.age_out(25), (std::vector<uint32_t>{0, 2})); // older group first
    EXPECT_EQ(f.age_out(25), std::vector<uint32_t>{});       // nothing twice
    EXPECT_EQ(f.age_out(41), (std::vector<uint32_t>{1, 3}));
    EXPECT_EQ(f.groups.handles_held(), 0u);
}

TEST(AgeingGroups, AFlowSeenAgainAgesByItsNewTimeNotFromItsOldGroup)
{
    Flows f(2);
    f.see(0, 10);
    f.see(1, 10);
    f.close();
    f.see(0, 50); // moves to the second group; its handle stays in the first, stale
    f.close();
    EXPECT_EQ(f.age_out(20), std::vector<uint32_t>{1});
    EXPECT_EQ(f.age_out(50), std::vector<uint32_t>{});
    EXPECT_EQ(f.age_out(51), std::vector<uint32_t>{0});
}

TEST(AgeingGroups, AFlowSeenTwiceInOneIntervalIsHeldOnce)
{
    Flows f(1);
    f.see(0, 10);
    f.see(0, 20);
    EXPECT_EQ(f.groups.handles_held(), 1u);
    EXPECT_EQ(f.age_out(15), std::vector<uint32_t>{});
    EXPECT_EQ(f.age_out(21), std::vector<uint32_t>{0});
}

TEST(AgeingGroups, AClockThatGoesBackIsStillAgedExactly)
{
    // A capture's timestamps may go back: the newer group holds the older flow.
    Flows f(2);
    f.see(0, 100);
    f.close();
    f.see(1, 5);
    f.close();
    EXPECT_EQ(f.age_out(50), std::vector<uint32_t>{1});
    EXPECT_EQ(f.age_out(101), std::vector<uint32_t>{0});
}

TEST(AgeingGroups, AnExpiredHandleReusedByANewFlowAgesOnlyAsTheNewFlow)
{
    Flows f(1);
    f.see(0, 10);
    f.close();
    EXPECT_EQ(f.age_out(11), std::vector<uint32_t>{0});
    f.see(0, 100); // the table gave the handle to a new flow
    f.close();
    EXPECT_EQ(f.age_out(50), std::vector<uint32_t>{});
    EXPECT_EQ(f.age_out(101), std::vector<uint32_t>{0});
}

TEST(AgeingGroups, ASteadyLoadHoldsItsFlowsOnceNotOncePerInterval)
{
    constexpr uint32_t kFlows = 5000;
    Flows f(kFlows);
    for (uint64_t interval = 1; interval <= 100; interval++) {
        for (uint32_t h = 0; h < kFlows; h++)
            f.see(h, interval);
        f.close();
        // The interval's group and, until it closes, nothing older.
        EXPECT_LE(f.groups.handles_held(), kFlows) << "interval " << interval;
        EXPECT_LE(f.groups.groups(), 2u);
    }
    EXPECT_EQ(f.age_out(100).size(), 0u);
    EXPECT_EQ(f.age_out(101).size(), kFlows);
}

TEST(AgeingGroups, AMostlyStaleGroupIsCompactedWhenItsIntervalCloses)
{
    constexpr uint32_t kFlows = 10000;
    Flows f(kFlows);
    for (uint32_t h = 0; h < kFlows; h++)
        f.see(h, 1);
    f.close();
    // 90 % move on: the first group keeps 1 000 members among 10 000 handles.
    for (uint32_t h = 0; h < kFlows * 9 / 10; h++)
        f.see(h, 2);
    EXPECT_EQ(f.groups.handles_held(), kFlows + kFlows * 9 / 10);
    f.close();
    EXPECT_EQ(f.groups.handles_held(), kFlows);
    // The members that stayed still age out, and only they.
    std::vector<uint32_t> aged = f.age_out(2);
    ASSERT_EQ(aged.size(), kFlows / 10);
    for (uint32_t h : aged)
        EXPECT_GE(h, kFlows * 9 / 10);
}
