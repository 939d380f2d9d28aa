// run_in_parallel: both pieces of work always run, and an error in either
// reaches the caller only after both have finished.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

#include "core/run_in_parallel.h"

using namespace netmon;

TEST(RunInParallel, RunsBothAndReturnsWhenBothAreDone)
{
    std::atomic<int> side{0}, main{0};
    run_in_parallel([&] { side = 1; }, [&] { main = 1; });
    EXPECT_EQ(side, 1);
    EXPECT_EQ(main, 1);
}

TEST(RunInParallel, RethrowsAfterBothFinished)
{
    std::atomic<bool> main_done{false};
    EXPECT_THROW(
        run_in_parallel([] { throw std::runtime_error("side"); }, [&] { main_done = true; }),
        std::runtime_error);
    EXPECT_TRUE(main_done);

    std::atomic<bool> side_done{false};
    try {
        run_in_parallel([&] { side_done = true; }, [] { throw std::logic_error("main"); });
        FAIL() << "no exception";
    } catch (const std::logic_error &e) {
        EXPECT_STREQ(e.what(), "main");
    }
    EXPECT_TRUE(side_done);
}
