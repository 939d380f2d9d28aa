#include "sinks/sink_hub.h"

#include <pthread.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>
#include <variant>

#include "core/error.h"

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

    Worker(std::unique_ptr<Sink> sink, Role role, size_t capacity,
           std::shared_ptr<SinkHubShared> shared)
        : state_(std::make_shared<State>())
    {
        state_->sink = std::move(sink);
        state_->role = role;
        state_->capacity = capacity;
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

    // Enqueues; with `wait` blocks for room, otherwise drops when full.
    void push(const Item &item, bool wait)
    {
        State &s = *state_;
        std::unique_lock lock(s.mu);
        if (s.failed || s.closing)
            return;
        const auto *snapshot = std::get_if<SnapshotPtr>(&item);
        if (snapshot && !s.sink->wants_snapshots())
            return;
        const bool final = snapshot && (*snapshot)->kind == Snapshot::Kind::Final;
        if (wait || final)
            s.room.wait(lock, [&] { return s.queue.size() < s.capacity || s.failed; });
        if (s.failed)
            return;
        if (s.queue.size() >= s.capacity) {
            if (s.dropped++ == 0)
                warn(s.sink->name() + " is falling behind: dropping snapshots it has no "
                                      "room for (counting goes on)");
            return;
        }
        s.queue.push_back(item);
        s.ready.notify_one();
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
            if (s.dropped)
                warn(s.sink->name() + " dropped " + std::to_string(s.dropped) +
                     " snapshot(s) it could not keep up with");
        }
        thread_.join();
        return true;
    }

  private:
    struct State {
        std::unique_ptr<Sink> sink;
        Role role = Role::Essential;
        size_t capacity = 1;
        std::shared_ptr<SinkHubShared> shared;
        std::mutex mu;
        std::condition_variable ready, room, done;
        std::deque<Item> queue;
        bool closing = false;
        bool failed = false;
        bool finished = false;
        uint64_t dropped = 0;
    };

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
                s.room.notify_all();
            }
            if (!deliver(s, next))
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

SinkHub::SinkHub(WhenFull when_full, size_t queue_capacity)
    : when_full_(when_full), capacity_(queue_capacity == 0 ? 1 : queue_capacity),
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
    workers_.push_back(std::make_unique<Worker>(std::move(sink), role, capacity_, shared_));
}

void SinkHub::publish(const SnapshotPtr &snapshot)
{
    for (auto &w : workers_)
        w->push(snapshot, when_full_ == WhenFull::Wait);
}

void SinkHub::publish_alert(const AlertEventPtr &event)
{
    for (auto &w : workers_)
        w->push(event, when_full_ == WhenFull::Wait);
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
