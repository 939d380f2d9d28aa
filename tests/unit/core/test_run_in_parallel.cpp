// run_in_parallel: both pieces of work always run, and an error in either
// reaches the caller only after both have finished.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <thread>

#include "core/run_in_parallel.h"

using namespace netmon;
using namespace std::chrono_literals;

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

TEST(RunOnTwoThreads, RunsEveryTaskExactlyOnce)
{
    std::array<std::atomic<int>, 5> runs{};
    std::array<std::function<void()>, 5> tasks;
    for (size_t i = 0; i < tasks.size(); i++)
        tasks[i] = [&runs, i] { runs[i]++; };
    run_on_two_threads(tasks);
    for (const auto &r : runs)
        EXPECT_EQ(r, 1);
}

// A long first task does not hold the others back: the second thread takes
// every remaining task meanwhile.
TEST(RunOnTwoThreads, AFreeThreadTakesTheNextTask)
{
    std::atomic<bool> rest_done{false};
    std::atomic<int> done{0};
    run_on_two_threads<4>({[&] {
                               // The other three finish while this one runs
                               // (bounded: a failure must not hang the test).
                               auto give_up = std::chrono::steady_clock::now() + 10s;
                               while (done < 3 && std::chrono::steady_clock::now() < give_up)
                                   std::this_thread::yield();
                               rest_done = done == 3;
                           },
                           [&] { done++; }, [&] { done++; }, [&] { done++; }});
    EXPECT_TRUE(rest_done);
    EXPECT_EQ(done, 3);
}

TEST(RunOnTwoThreads, AnErrorReachesTheCallerAndTheOtherTasksStillRun)
{
    std::atomic<int> done{0};
    EXPECT_THROW(run_on_two_threads<3>(
                     {[] { throw std::runtime_error("first"); }, [&] { done++; }, [&] { done++; }}),
                 std::runtime_error);
    EXPECT_EQ(done, 2);
}
