#include "sinks/sink_hub.h"

#include <pthread.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>
#include <variant>

#include "core/error.h"
#include "sinks/snapshot_merge.h"

namespace netmon {

namespace {

void warn(const std::string &line) { std::fprintf(stderr, "netmon-xdp: %s\n", line.c_str()); }

} // namespace

// What the hub and its workers' threads share. Held by shared_ptr so a
// worker abandoned at close (its thread detached) never outlives it.
struct SinkHubShared {
    std::mutex mu;
    std::optional<SinkFailure> failure;
    int failure_fd = -1; // owned by the hub; written once
    int stop_fd = -1;    // owned by the hub
};

// One sink, its queue and its thread.
class SinkHub::Worker {
  public:
    // What the queue holds: snapshots and alert events, in publish order.
    using Item = std::variant<SnapshotPtr, AlertEventPtr>;

    Worker(std::unique_ptr<Sink> sink, Role role, size_t capacity, size_t event_capacity,
           std::shared_ptr<SinkHubShared> shared)
        : state_(std::make_shared<State>())
    {
        state_->sink = std::move(sink);
        state_->role = role;
        state_->capacity = capacity;
        state_->event_capacity = event_capacity;
        state_->shared = std::move(shared);
        thread_ = std::thread([s = state_] {
            // Signals are the run's business (its signalfd): a sink thread
            // must never be the one the kernel picks to deliver them to.
            // Fatal synchronous signals stay unblocked: a crash must reach
            // its handler (the dashboard restores the terminal there).
            sigset_t all;
            sigfillset(&all);
            for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT})
                sigdelset(&all, sig);
            pthread_sigmask(SIG_BLOCK, &all, nullptr);
            run(*s);
        });
    }

    ~Worker()
    {
        if (thread_.joinable())
            thread_.detach(); // abandoned by close(): state_ keeps it valid
    }

    std::string name() const { return state_->sink->name(); }
    bool takes_only_events() const { return !state_->sink->wants_snapshots(); }

    // Enqueues; with `wait` blocks for room, otherwise merges (snapshots)
    // or counts as lost (events) when full.
    void push_snapshot(const SnapshotPtr &snapshot, bool wait)
    {
        State &s = *state_;
        std::unique_lock lock(s.mu);
        if (s.failed || s.closing || !s.sink->wants_snapshots())
            return;
        if (wait)
            s.room.wait(lock, [&] { return s.snapshots < s.capacity || s.failed; });
        if (s.failed)
            return;
        SnapshotPtr next = snapshot;
        if (s.events_lost_since_snapshot > 0) {
            // This output's own count: the others share the original.
            auto copy = std::make_shared<Snapshot>(*snapshot);
            copy->alert_events_lost += s.events_lost_since_snapshot;
            next = std::move(copy);
        }
        s.events_lost_since_snapshot = 0;
        if (s.snapshots >= s.capacity) {
            merge_into_last(s, next);
            return;
        }
        s.queue.emplace_back(std::move(next));
        s.snapshots++;
        s.ready.notify_one();
    }

    void push_event(const AlertEventPtr &event, bool wait)
    {
        State &s = *state_;
        std::unique_lock lock(s.mu);
        if (s.failed || s.closing || s.interrupted)
            return;
        if (wait)
            s.room.wait(lock, [&] { return s.events < s.event_capacity || s.failed; });
        if (s.failed)
            return;
        if (s.events >= s.event_capacity) {
            if (s.events_lost++ == 0)
                warn(s.sink->name() + " is falling behind: alert events beyond the " +
                     std::to_string(s.event_capacity) +
                     " it holds are lost and counted (counting goes on)");
            s.events_lost_since_snapshot++;
            return;
        }
        s.queue.emplace_back(event);
        s.events++;
        s.ready.notify_one();
    }

    // For a sink that takes only events: waits until its queue is worked
    // through, at most until `deadline` when there is one; then gives up
    // what is left. Returns the events it did not deliver, the lost ones
    // included.
    uint64_t finish_events(std::optional<std::chrono::steady_clock::time_point> deadline)
    {
        State &s = *state_;
        std::unique_lock lock(s.mu);
        auto drained = [&] { return (s.queue.empty() && !s.busy_with_event) || s.failed; };
        if (deadline)
            s.room.wait_until(lock, *deadline, drained);
        else
            s.room.wait(lock, drained);
        const uint64_t left = s.queue.size() + (s.busy_with_event ? 1 : 0);
        s.queue.clear();
        s.events = 0;
        s.interrupted = true;
        if (s.busy_with_event)
            s.sink->interrupt();
        return left + s.events_lost;
    }

    // Asks the thread to finish the queue and close the sink; returns true
    // if it did before `deadline`.
    bool finish(std::chrono::steady_clock::time_point deadline)
    {
        State &s = *state_;
        {
            std::unique_lock lock(s.mu);
            s.closing = true;
            s.ready.notify_one();
            if (!s.done.wait_until(lock, deadline, [&] { return s.finished; })) {
                warn(s.sink->name() + " did not finish in time; leaving it behind");
                return false;
            }
            if (s.merges)
                warn(s.sink->name() + " fell behind: " + std::to_string(s.merges) +
                     " interval(s) were merged into the one before them (merged_intervals)");
            if (s.events_lost && !takes_only_events())
                warn(s.sink->name() + " lost " + std::to_string(s.events_lost) +
                     " alert event(s) it had no room for (alert_events_lost)");
        }
        thread_.join();
        return true;
    }

  private:
    struct State {
        std::unique_ptr<Sink> sink;
        Role role = Role::Essential;
        size_t capacity = 1;       // snapshots
        size_t event_capacity = 1; // alert events
        std::shared_ptr<SinkHubShared> shared;
        std::mutex mu;
        std::condition_variable ready, room, done;
        std::deque<Item> queue;
        size_t snapshots = 0; // in the queue
        size_t events = 0;    // in the queue
        bool busy_with_event = false;
        bool closing = false;
        bool failed = false;
        bool finished = false;
        bool interrupted = false; // finish_events() gave up on it
        uint64_t merges = 0;
        uint64_t events_lost = 0;
        uint64_t events_lost_since_snapshot = 0;
    };

    // The queue is full of snapshots: fold `next` into the last one, and
    // move that to the end, after the events queued since (the events of
    // an interval come before its snapshot).
    static void merge_into_last(State &s, const SnapshotPtr &next)
    {
        auto last = std::find_if(s.queue.rbegin(), s.queue.rend(), [](const Item &item) {
            return std::holds_alternative<SnapshotPtr>(item);
        });
        auto merged = std::make_shared<const Snapshot>(
            merge_snapshots(*std::get<SnapshotPtr>(*last), *next, s.sink->wants_flow_detail()));
        s.queue.erase(std::next(last).base());
        s.queue.emplace_back(std::move(merged));
        if (s.merges++ == 0)
            warn(s.sink->name() + " is falling behind: merging the intervals it has no room for "
                                  "into one (no count is lost; merged_intervals says how many)");
    }

    static void run(State &s)
    {
        for (;;) {
            Item next;
            {
                std::unique_lock lock(s.mu);
                s.ready.wait(lock, [&] { return !s.queue.empty() || s.closing; });
                if (s.queue.empty())
                    break; // closing, and everything was delivered
                next = std::move(s.queue.front());
                s.queue.pop_front();
                if (std::holds_alternative<SnapshotPtr>(next)) {
                    s.snapshots--;
                } else {
                    s.events--;
                    s.busy_with_event = true;
                }
                s.room.notify_all();
            }
            const bool ok = deliver(s, next);
            {
                std::lock_guard lock(s.mu);
                s.busy_with_event = false;
                s.room.notify_all(); // finish_events() waits for this
            }
            if (!ok)
                break;
        }
        try {
            s.sink->close();
        } catch (const std::exception &e) {
            warn(s.sink->name() + ": " + e.what());
        }
        std::lock_guard lock(s.mu);
        s.finished = true;
        s.done.notify_all();
    }

    // Returns false when the sink failed and must get nothing more.
    static bool deliver(State &s, const Item &item)
    {
        try {
            if (const auto *snapshot = std::get_if<SnapshotPtr>(&item))
                s.sink->consume(*snapshot);
            else
                s.sink->consume_alert(std::get<AlertEventPtr>(item));
            return true;
        } catch (const SinkError &e) {
            fail(s, e.what(), e.err());
        } catch (const std::exception &e) {
            fail(s, e.what(), 0);
        }
        return false;
    }

    static void fail(State &s, const std::string &what, int err)
    {
        {
            std::lock_guard lock(s.mu);
            s.failed = true;
            s.queue.clear();
            s.snapshots = s.events = 0;
            s.room.notify_all();
        }
        const std::string message = s.sink->name() + ": " + what;
        if (s.role == Role::Optional) {
            warn(message + " (stopped; the other outputs go on)");
            return;
        }
        std::lock_guard lock(s.shared->mu);
        if (s.shared->failure)
            return; // the first essential failure is the one reported
        s.shared->failure = SinkFailure{message, err};
        const uint64_t one = 1;
        if (write(s.shared->failure_fd, &one, sizeof(one)) < 0) {
            // An eventfd write fails only on overflow: already signalled.
        }
    }

    std::shared_ptr<State> state_;
    std::thread thread_;
};

SinkHub::SinkHub(WhenFull when_full, size_t queue_capacity, size_t event_capacity)
    : when_full_(when_full), capacity_(queue_capacity == 0 ? 1 : queue_capacity),
      event_capacity_(event_capacity == 0 ? 1 : event_capacity),
      shared_(std::make_shared<SinkHubShared>()),
      failure_fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)),
      stop_fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
    if (!failure_fd_ || !stop_fd_)
        throw Error(errno_message("cannot create an eventfd", -errno));
    shared_->failure_fd = failure_fd_.get();
    shared_->stop_fd = stop_fd_.get();
}

SinkHub::~SinkHub()
{
    if (!closed_)
        close(std::chrono::seconds(1));
}

void SinkHub::add(std::unique_ptr<Sink> sink, Role role)
{
    sink->allow_stop_requests([shared = shared_] {
        const uint64_t one = 1;
        if (write(shared->stop_fd, &one, sizeof(one)) < 0) {
            // Only on overflow: a stop is already pending.
        }
    });
    workers_.push_back(
        std::make_unique<Worker>(std::move(sink), role, capacity_, event_capacity_, shared_));
}

void SinkHub::publish(const SnapshotPtr &snapshot)
{
    for (auto &w : workers_)
        w->push_snapshot(snapshot, when_full_ == WhenFull::Wait);
}

void SinkHub::publish_alert(const AlertEventPtr &event)
{
    for (auto &w : workers_)
        w->push_event(event, when_full_ == WhenFull::Wait);
}

bool SinkHub::has_event_sinks() const
{
    return std::any_of(workers_.begin(), workers_.end(),
                       [](const auto &w) { return w->takes_only_events(); });
}

uint64_t SinkHub::finish_event_sinks()
{
    std::optional<std::chrono::steady_clock::time_point> deadline;
    if (when_full_ == WhenFull::Merge)
        deadline = std::chrono::steady_clock::now() + kEventSinkGrace;
    uint64_t undelivered = 0;
    for (auto &w : workers_) {
        if (!w->takes_only_events())
            continue;
        const uint64_t left = w->finish_events(deadline);
        if (left)
            warn(w->name() + ": " + std::to_string(left) + " alert event(s) not delivered");
        undelivered += left;
    }
    return undelivered;
}

std::optional<SinkFailure> SinkHub::failure() const
{
    std::lock_guard lock(shared_->mu);
    return shared_->failure;
}

void SinkHub::close(std::chrono::milliseconds timeout)
{
    if (closed_)
        return;
    closed_ = true;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool all_finished = true;
    for (auto &w : workers_)
        all_finished &= w->finish(deadline);
    // An abandoned worker's thread may still write the eventfd: keep it open.
    if (!all_finished) {
        (void)failure_fd_.release();
        (void)stop_fd_.release();
    }
}

} // namespace netmon
