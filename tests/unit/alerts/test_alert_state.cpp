#include <gtest/gtest.h>

#include "alerts/alert_state.h"
#include "alerts/baseline.h"

namespace netmon::alerts {
namespace {

using State = AlertEvent::State;

// Steps one-second intervals; returns the events as a string like "..S..U.E".
std::string run(AlertState &a, const std::string &over, const AlertTiming &t)
{
    std::string out;
    uint64_t end = 1000ULL * 1000000000ULL;
    for (char c : over) {
        end += 1000000000ULL;
        auto e = a.step(c == '1', end, 1.0, t);
        out += !e ? '.' : *e == State::Start ? 'S' : *e == State::Update ? 'U' : 'E';
    }
    return out;
}

TEST(AlertState, DurationHoldsBeforeStart)
{
    AlertState a;
    AlertTiming t{.duration_s = 2, .clear_s = 2, .update_s = 10};
    // one interval over is not enough; two clear intervals end it
    EXPECT_EQ(run(a, "0101100100000", t), "....S.E......");
}

TEST(AlertState, NoFlappingWhileTheConditionDipsShorterThanClear)
{
    AlertState a;
    AlertTiming t{.duration_s = 0, .clear_s = 3, .update_s = 100};
    EXPECT_EQ(run(a, "1101101100011", t), "S.........ES.");
}

TEST(AlertState, UpdatesAtMostEveryUpdateSeconds)
{
    AlertState a;
    AlertTiming t{.duration_s = 0, .clear_s = 0, .update_s = 3};
    // clear 0 still needs one interval under
    EXPECT_EQ(run(a, "11111110", t), "S..U..UE");
}

TEST(AlertState, SinceIsTheStartOfTheFirstIntervalOver)
{
    AlertState a;
    AlertTiming t{.duration_s = 3, .clear_s = 1, .update_s = 10};
    run(a, "0111", t);
    EXPECT_TRUE(a.active());
    EXPECT_EQ(a.since_ns(), 1001ULL * 1000000000ULL);
}

TEST(Baseline, LearnsTheMeanAndShrugsOffSpikes)
{
    Baseline b;
    const double warmup = 100;
    for (int i = 0; i < 100; i++)
        b.learn(i % 2 ? 1100 : 900, 1.0, warmup);
    EXPECT_TRUE(b.warm(warmup));
    EXPECT_NEAR(b.mean, 1000, 15);
    const double before = b.mean;
    // a 10x spike for 20 s moves it by little...
    for (int i = 0; i < 20; i++)
        b.learn(10000, 1.0, warmup);
    EXPECT_LT(b.mean, before * 1.6);
    EXPECT_GT(b.mean, before);
    // ...and a 5x step still exceeds 3x the baseline
    EXPECT_GT(5 * before, 3 * b.mean);

    // through JSON and back
    const Baseline back = Baseline::from_json(b.to_json());
    EXPECT_DOUBLE_EQ(back.mean, b.mean);
    EXPECT_DOUBLE_EQ(back.deviation, b.deviation);
    EXPECT_DOUBLE_EQ(back.learned_s, b.learned_s);
}

TEST(Baseline, WarmUpIsInSeconds)
{
    Baseline b;
    for (int i = 0; i < 9; i++)
        b.learn(5, 0.5, 5);
    EXPECT_FALSE(b.warm(5));
    b.learn(5, 0.5, 5);
    EXPECT_TRUE(b.warm(5));
    EXPECT_DOUBLE_EQ(b.mean, 5);
}

} // namespace
} // namespace netmon::alerts
