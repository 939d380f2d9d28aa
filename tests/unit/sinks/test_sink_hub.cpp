// SinkHub: every sink gets every snapshot in order; a slow sink loses only
// its own copies (live) or slows the producer (replay); a failing essential
// sink is signalled; close() never waits forever on a stuck sink.
#include <gtest/gtest.h>

#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "sinks/sink_hub.h"

using namespace netmon;
using namespace std::chrono_literals;

namespace {

SnapshotPtr snapshot(double elapsed, Snapshot::Kind kind = Snapshot::Kind::Interval)
{
    auto s = std::make_shared<Snapshot>();
    s->elapsed_s = elapsed;
    s->kind = kind;
    return s;
}

// Records what it receives; can be held at a gate to play a slow output.
struct RecordingSink : Sink {
    struct Log {
        std::mutex mu;
        std::vector<double> seen;
        bool closed = false;
        std::atomic<bool> gate_open{true};
        size_t count()
        {
            std::lock_guard lock(mu);
            return seen.size();
        }
    };
    std::shared_ptr<Log> log;
    explicit RecordingSink(std::shared_ptr<Log> l) : log(std::move(l)) {}
    std::string name() const override { return "recorder"; }
    void consume(const SnapshotPtr &s) override
    {
        while (!log->gate_open)
            std::this_thread::sleep_for(1ms);
        std::lock_guard lock(log->mu);
        log->seen.push_back(s->elapsed_s);
    }
    void close() override
    {
        std::lock_guard lock(log->mu);
        log->closed = true;
    }
};

struct FailingSink : Sink {
    int err;
    explicit FailingSink(int e) : err(e) {}
    std::string name() const override { return "failing output"; }
    void consume(const SnapshotPtr &) override { throw SinkError("cannot write: boom", err); }
};

bool readable(int fd, int timeout_ms)
{
    pollfd p{fd, POLLIN, 0};
    return poll(&p, 1, timeout_ms) == 1;
}

} // namespace

TEST(SinkHub, EverySinkGetsEverySnapshotInOrder)
{
    auto a = std::make_shared<RecordingSink::Log>();
    auto b = std::make_shared<RecordingSink::Log>();
    SinkHub hub(SinkHub::WhenFull::Wait, 2);
    hub.add(std::make_unique<RecordingSink>(a), SinkHub::Role::Essential);
    hub.add(std::make_unique<RecordingSink>(b), SinkHub::Role::Optional);
    for (int i = 1; i <= 50; i++)
        hub.publish(snapshot(i));
    hub.publish(snapshot(51, Snapshot::Kind::Final));
    hub.close();
    for (auto &log : {a, b}) {
        ASSERT_EQ(log->seen.size(), 51u);
        for (int i = 0; i < 51; i++)
            EXPECT_EQ(log->seen[i], i + 1);
        EXPECT_TRUE(log->closed);
    }
    EXPECT_FALSE(hub.failure());
}

TEST(SinkHub, SlowSinkDropsOnlyItsOwnCopiesAndNeverTheFinal)
{
    auto slow = std::make_shared<RecordingSink::Log>();
    auto fast = std::make_shared<RecordingSink::Log>();
    slow->gate_open = false;
    SinkHub hub(SinkHub::WhenFull::Drop, 4);
    hub.add(std::make_unique<RecordingSink>(slow), SinkHub::Role::Essential);
    hub.add(std::make_unique<RecordingSink>(fast), SinkHub::Role::Essential);
    for (int i = 1; i <= 20; i++) {
        hub.publish(snapshot(i)); // never blocks, although `slow` takes nothing
        // Let the fast sink take it, so that only the slow one can overflow.
        while (fast->count() < static_cast<size_t>(i))
            std::this_thread::sleep_for(1ms);
    }
    std::thread open_gate([&] {
        std::this_thread::sleep_for(50ms);
        slow->gate_open = true;
    });
    hub.publish(snapshot(21, Snapshot::Kind::Final)); // waits for room
    open_gate.join();
    hub.close();
    EXPECT_EQ(fast->seen.size(), 21u);
    ASSERT_LT(slow->seen.size(), 21u);
    ASSERT_GE(slow->seen.size(), 2u);
    EXPECT_EQ(slow->seen.back(), 21); // the final arrived
    for (size_t i = 1; i < slow->seen.size(); i++)
        EXPECT_LT(slow->seen[i - 1], slow->seen[i]); // in order
}

TEST(SinkHub, EssentialFailureIsSignalledOnce)
{
    SinkHub hub(SinkHub::WhenFull::Drop);
    hub.add(std::make_unique<FailingSink>(ENOSPC), SinkHub::Role::Essential);
    EXPECT_FALSE(readable(hub.failure_fd(), 0));
    hub.publish(snapshot(1));
    ASSERT_TRUE(readable(hub.failure_fd(), 2000));
    hub.publish(snapshot(2)); // ignored: the sink is out
    auto failure = hub.failure();
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->err, ENOSPC);
    EXPECT_EQ(failure->message, "failing output: cannot write: boom");
    hub.close();
}

TEST(SinkHub, OptionalFailureLeavesTheRunAndTheOtherSinksAlone)
{
    auto log = std::make_shared<RecordingSink::Log>();
    SinkHub hub(SinkHub::WhenFull::Wait);
    hub.add(std::make_unique<FailingSink>(ECONNREFUSED), SinkHub::Role::Optional);
    hub.add(std::make_unique<RecordingSink>(log), SinkHub::Role::Essential);
    for (int i = 1; i <= 5; i++)
        hub.publish(snapshot(i));
    hub.close();
    EXPECT_FALSE(hub.failure());
    EXPECT_FALSE(readable(hub.failure_fd(), 0));
    EXPECT_EQ(log->seen.size(), 5u);
}

TEST(SinkHub, CloseAbandonsASinkThatNeverReturns)
{
    auto stuck = std::make_shared<RecordingSink::Log>();
    stuck->gate_open = false; // never opened while the hub waits
    auto hub = std::make_unique<SinkHub>(SinkHub::WhenFull::Drop);
    hub->add(std::make_unique<RecordingSink>(stuck), SinkHub::Role::Essential);
    hub->publish(snapshot(1));
    const auto start = std::chrono::steady_clock::now();
    hub->close(100ms);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
    hub.reset();
    stuck->gate_open = true; // the abandoned thread finishes on its own
}

// A sink that asks the run to stop when it sees its second snapshot.
struct StoppingSink : Sink {
    std::function<void()> stop;
    int seen = 0;
    std::string name() const override { return "stopper"; }
    void allow_stop_requests(const std::function<void()> &s) override { stop = s; }
    void consume(const SnapshotPtr &) override
    {
        if (++seen == 2)
            stop();
    }
};

TEST(SinkHub, StopRequestMakesTheStopFdReadableAndIsNotAFailure)
{
    SinkHub hub(SinkHub::WhenFull::Wait);
    hub.add(std::make_unique<StoppingSink>(), SinkHub::Role::Essential);
    hub.publish(snapshot(1));
    EXPECT_FALSE(readable(hub.stop_fd(), 200));
    hub.publish(snapshot(2));
    EXPECT_TRUE(readable(hub.stop_fd(), 2000));
    hub.close();
    EXPECT_FALSE(hub.failure());
    EXPECT_FALSE(readable(hub.failure_fd(), 0));
}
