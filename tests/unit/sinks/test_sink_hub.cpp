// SinkHub: every sink gets every snapshot in order; a slow sink gets merged
// intervals (live) or slows the producer (replay), never fewer counts;
// alert events keep their order up to a bound and are counted past it; a
// failing essential sink is signalled; close() never waits forever on a
// stuck sink.
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

// Interval `elapsed` (1 s long) counted `elapsed` packets.
SnapshotPtr snapshot(double elapsed, Snapshot::Kind kind = Snapshot::Kind::Interval)
{
    auto s = std::make_shared<Snapshot>();
    s->elapsed_s = elapsed;
    s->interval_s = 1;
    s->kind = kind;
    s->total.interval.packets = static_cast<uint64_t>(elapsed);
    return s;
}

AlertEventPtr event(uint64_t n)
{
    auto e = std::make_shared<AlertEvent>();
    e->timestamp_ns = n;
    return e;
}

// Records what it receives; can be held at a gate to play a slow output.
struct RecordingSink : Sink {
    struct Log {
        std::mutex mu;
        std::vector<double> seen;
        std::vector<SnapshotPtr> snapshots;
        std::vector<std::string> order; // "s3": snapshot 3, "e7": event 7
        bool closed = false;
        std::atomic<bool> gate_open{true};
        std::atomic<int> entered{0}; // items the thread began to consume
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
        log->entered++;
        while (!log->gate_open)
            std::this_thread::sleep_for(1ms);
        std::lock_guard lock(log->mu);
        log->seen.push_back(s->elapsed_s);
        log->snapshots.push_back(s);
        log->order.push_back("s" + std::to_string(static_cast<int>(s->elapsed_s)));
    }
    void consume_alert(const AlertEventPtr &e) override
    {
        log->entered++;
        while (!log->gate_open)
            std::this_thread::sleep_for(1ms);
        std::lock_guard lock(log->mu);
        log->order.push_back("e" + std::to_string(e->timestamp_ns));
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

TEST(SinkHub, SlowSinkGetsMergedIntervalsWithEveryCountAndTheFinal)
{
    auto slow = std::make_shared<RecordingSink::Log>();
    auto fast = std::make_shared<RecordingSink::Log>();
    slow->gate_open = false;
    SinkHub hub(SinkHub::WhenFull::Merge, 4);
    hub.add(std::make_unique<RecordingSink>(slow), SinkHub::Role::Essential);
    hub.add(std::make_unique<RecordingSink>(fast), SinkHub::Role::Essential);
    for (int i = 1; i <= 20; i++) {
        hub.publish(snapshot(i)); // never blocks, although `slow` takes nothing
        // Let the fast sink take it, so that only the slow one can overflow.
        while (fast->count() < static_cast<size_t>(i))
            std::this_thread::sleep_for(1ms);
    }
    hub.publish(snapshot(21, Snapshot::Kind::Final)); // never blocks either
    slow->gate_open = true;
    hub.close();
    EXPECT_EQ(fast->seen.size(), 21u);
    for (const auto &s : fast->snapshots)
        EXPECT_EQ(s->merged_intervals, 1u); // the others' merging is not theirs
    // The slow sink: at most the first (taken before the gate) + 4 queued.
    ASSERT_LE(slow->seen.size(), 5u);
    ASSERT_GE(slow->seen.size(), 2u);
    EXPECT_EQ(slow->seen.back(), 21); // the final arrived
    EXPECT_EQ(slow->snapshots.back()->kind, Snapshot::Kind::Final);
    uint64_t intervals = 0, packets = 0;
    double seconds = 0;
    for (size_t i = 0; i < slow->snapshots.size(); i++) {
        const auto &s = *slow->snapshots[i];
        if (i > 0) {
            EXPECT_LT(slow->seen[i - 1], slow->seen[i]); // in order
        }
        intervals += s.merged_intervals;
        packets += s.total.interval.packets;
        seconds += s.interval_s;
    }
    EXPECT_EQ(intervals, 21u);
    EXPECT_EQ(packets, 21u * 22 / 2); // 1 + 2 + ... + 21: nothing lost
    EXPECT_DOUBLE_EQ(seconds, 21.0);
}

TEST(SinkHub, EventsKeepTheirPlaceBeforeAMergedSnapshot)
{
    auto slow = std::make_shared<RecordingSink::Log>();
    slow->gate_open = false;
    SinkHub hub(SinkHub::WhenFull::Merge, 1);
    hub.add(std::make_unique<RecordingSink>(slow), SinkHub::Role::Essential);
    hub.publish(snapshot(1));
    while (slow->entered < 1) // the thread took it and waits at the gate
        std::this_thread::sleep_for(1ms);
    hub.publish_alert(event(100));
    hub.publish(snapshot(2)); // queued: the queue now holds its one snapshot
    hub.publish_alert(event(300));
    hub.publish_alert(event(301));
    hub.publish(snapshot(3)); // merged into 2, after the events of 3
    slow->gate_open = true;
    hub.close();
    EXPECT_EQ(slow->order, (std::vector<std::string>{"s1", "e100", "e300", "e301", "s3"}));
    EXPECT_EQ(slow->order.back(), "s3");
    EXPECT_EQ(slow->snapshots.back()->merged_intervals, 2u);
    EXPECT_EQ(slow->snapshots.back()->total.interval.packets, 5u);
}

TEST(SinkHub, EventsPastTheBoundAreCountedInTheNextSnapshotAndNeverTakeItsPlace)
{
    auto slow = std::make_shared<RecordingSink::Log>();
    auto fast = std::make_shared<RecordingSink::Log>();
    slow->gate_open = false;
    SinkHub hub(SinkHub::WhenFull::Merge, 2, 5);
    hub.add(std::make_unique<RecordingSink>(slow), SinkHub::Role::Essential);
    hub.add(std::make_unique<RecordingSink>(fast), SinkHub::Role::Essential);
    hub.publish(snapshot(1));
    while (slow->entered < 1) // the slow thread holds snapshot 1
        std::this_thread::sleep_for(1ms);
    for (uint64_t e = 1; e <= 12; e++) {
        hub.publish_alert(event(e));                    // 5 fit, 7 are lost
        while (fast->entered < static_cast<int>(e) + 1) // the fast one keeps up
            std::this_thread::sleep_for(1ms);
    }
    hub.publish(snapshot(2));
    hub.publish(snapshot(3, Snapshot::Kind::Final));
    slow->gate_open = true;
    hub.close();
    // The slow sink: every snapshot, the first five events in order, and
    // the loss counted in the snapshot that followed it.
    std::vector<std::string> events;
    for (const auto &x : slow->order)
        if (x[0] == 'e')
            events.push_back(x);
    EXPECT_EQ(events, (std::vector<std::string>{"e1", "e2", "e3", "e4", "e5"}));
    ASSERT_EQ(slow->snapshots.size(), 3u);
    EXPECT_EQ(slow->snapshots[1]->alert_events_lost, 7u);
    EXPECT_EQ(slow->snapshots[2]->alert_events_lost, 0u);
    // The fast sink lost nothing: the loss is per output.
    size_t fast_events = 0;
    for (const auto &x : fast->order)
        fast_events += x[0] == 'e';
    EXPECT_EQ(fast_events, 12u);
    for (const auto &s : fast->snapshots)
        EXPECT_EQ(s->alert_events_lost, 0u);
}

TEST(SinkHub, ReplayWaitsForEventRoomInsteadOfLosing)
{
    auto log = std::make_shared<RecordingSink::Log>();
    SinkHub hub(SinkHub::WhenFull::Wait, 2, 3);
    hub.add(std::make_unique<RecordingSink>(log), SinkHub::Role::Essential);
    for (uint64_t e = 1; e <= 50; e++)
        hub.publish_alert(event(e));
    hub.publish(snapshot(1, Snapshot::Kind::Final));
    hub.close();
    EXPECT_EQ(log->order.size(), 51u);
    EXPECT_EQ(log->order.front(), "e1");
    EXPECT_EQ(log->order[49], "e50");
}

// Takes only events, each held until its gate opens or it is interrupted.
struct EventOnlySink : Sink {
    struct Log {
        std::atomic<int> delivered{0};
        std::atomic<int> interrupted{0};
        std::atomic<bool> gate_open{false};
    };
    std::shared_ptr<Log> log;
    std::atomic<bool> stop{false};
    explicit EventOnlySink(std::shared_ptr<Log> l) : log(std::move(l)) {}
    std::string name() const override { return "hook"; }
    bool wants_snapshots() const override { return false; }
    void consume(const SnapshotPtr &) override { ADD_FAILURE() << "got a snapshot"; }
    void consume_alert(const AlertEventPtr &) override
    {
        while (!log->gate_open && !stop)
            std::this_thread::sleep_for(1ms);
        if (stop)
            log->interrupted++;
        else
            log->delivered++;
    }
    void interrupt() override { stop = true; }
};

TEST(SinkHub, LiveFinishGivesEventSinksAGraceThenCountsWhatIsLeft)
{
    auto hook = std::make_shared<EventOnlySink::Log>();
    SinkHub hub(SinkHub::WhenFull::Merge, 4, 3);
    hub.add(std::make_unique<EventOnlySink>(hook), SinkHub::Role::Optional);
    EXPECT_TRUE(hub.has_event_sinks());
    for (uint64_t e = 1; e <= 6; e++)
        hub.publish_alert(event(e)); // one running, three queued, two lost
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(hub.finish_event_sinks(), 6u);
    EXPECT_LT(std::chrono::steady_clock::now() - start, SinkHub::kEventSinkGrace + 2s);
    hub.close(1s);
    EXPECT_EQ(hook->delivered, 0);
    EXPECT_EQ(hook->interrupted, 1); // the one in progress was told to stop
}

TEST(SinkHub, ReplayFinishWaitsForEveryEvent)
{
    auto hook = std::make_shared<EventOnlySink::Log>();
    SinkHub hub(SinkHub::WhenFull::Wait, 4, 100);
    hub.add(std::make_unique<EventOnlySink>(hook), SinkHub::Role::Optional);
    for (uint64_t e = 1; e <= 5; e++)
        hub.publish_alert(event(e));
    std::thread open_gate([&] {
        std::this_thread::sleep_for(50ms);
        hook->gate_open = true;
    });
    EXPECT_EQ(hub.finish_event_sinks(), 0u);
    open_gate.join();
    EXPECT_EQ(hook->delivered, 5);
    hub.close();
}

TEST(SinkHub, NoEventSinkNothingToFinish)
{
    SinkHub hub(SinkHub::WhenFull::Merge);
    hub.add(std::make_unique<RecordingSink>(std::make_shared<RecordingSink::Log>()),
            SinkHub::Role::Essential);
    EXPECT_FALSE(hub.has_event_sinks());
    hub.close();
}

TEST(SinkHub, EssentialFailureIsSignalledOnce)
{
    SinkHub hub(SinkHub::WhenFull::Merge);
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
    auto hub = std::make_unique<SinkHub>(SinkHub::WhenFull::Merge);
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
