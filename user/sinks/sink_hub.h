// Fans each snapshot out to every sink. Each sink has its own thread and a
// bounded queue: publish() only enqueues a shared pointer, so counting never
// waits for an output. What a full queue does depends on the run:
//  - live (Merge): the snapshot is merged into the last one the queue
//    holds (sinks/snapshot_merge.h), so the sink gets fewer, longer
//    intervals but every packet and byte; the Final snapshot too, so
//    publishing never blocks, not even at exit;
//  - replay (Wait): publish() waits for room, since nothing is lost by
//    slowing a replay down and every interval should reach every output.
// Alert events have a bound of their own (kMaxQueuedEvents per sink) and
// never take a snapshot's room. Live, an event beyond it is lost, counted
// on stderr and in that sink's next snapshot (alert_events_lost); replay
// waits for room.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/fd.h"
#include "sinks/sink.h"

namespace netmon {

// How an essential sink failed: stops the run.
struct SinkFailure {
    std::string message; // "JSON output: No space left on device"
    int err = 0;         // errno; EPIPE: the reader went away
};

struct SinkHubShared;

class SinkHub {
  public:
    enum class WhenFull { Merge, Wait };
    // Essential sinks carry the run's main output (stdout): when one fails
    // the run stops with an error. Others (network exporters) are reported
    // and dropped, and the run goes on.
    enum class Role { Essential, Optional };

    // Alert events one sink's queue may hold: a burst of this many (one
    // per new source in a scan) reaches every output in order.
    static constexpr size_t kMaxQueuedEvents = 10000;
    // Live runs, at exit: how long sinks that take only events (--on-alert)
    // may go on with their queue before what is left is given up.
    static constexpr std::chrono::milliseconds kEventSinkGrace{1000};
    // Live runs, at exit: how long close() waits for the other outputs. With
    // the grace above and the final harvest, a run ends within 5 s of a
    // signal whatever an output does.
    static constexpr std::chrono::milliseconds kLiveCloseWait{3000};

    explicit SinkHub(WhenFull when_full, size_t queue_capacity = 64,
                     size_t event_capacity = kMaxQueuedEvents);
    ~SinkHub(); // close() with a short timeout if not done yet
    SinkHub(const SinkHub &) = delete;
    SinkHub &operator=(const SinkHub &) = delete;

    void add(std::unique_ptr<Sink> sink, Role role);
    size_t size() const { return workers_.size(); }

    // Hands the snapshot to every sink that is still running.
    void publish(const SnapshotPtr &snapshot);
    // Hands an alert event to every sink, through the same queues (so it
    // keeps its place among the snapshots).
    void publish_alert(const AlertEventPtr &event);

    // Whether a sink takes only alert events (--on-alert).
    bool has_event_sinks() const;
    // At the end of a run, before the Final snapshot: lets the sinks that
    // take only events work through their queues (replay: to the end, each
    // event bounded by the sink's own timeout; live: for kEventSinkGrace),
    // then gives up what is left, interrupting an event in progress.
    // Returns the events those sinks did not deliver (including those lost
    // to the bound), and says so on stderr when there are any.
    uint64_t finish_event_sinks();

    // Readable (an eventfd) once an essential sink failed: the live loop
    // polls it next to its timer and signals.
    int failure_fd() const { return failure_fd_.get(); }
    std::optional<SinkFailure> failure() const;

    // Readable (an eventfd) once a sink asked the run to stop
    // (Sink::allow_stop_requests): the live loop treats it like a signal.
    int stop_fd() const { return stop_fd_.get(); }

    // Lets every sink finish what is queued (the Final snapshot included),
    // closes them and joins their threads. A sink still busy after
    // `timeout` (a blocked pipe) is abandoned with a message, so exit is
    // never held hostage by an output.
    void close(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  private:
    class Worker;

    WhenFull when_full_;
    size_t capacity_;
    size_t event_capacity_;
    std::shared_ptr<SinkHubShared> shared_;
    Fd failure_fd_;
    Fd stop_fd_;
    std::vector<std::unique_ptr<Worker>> workers_;
    bool closed_ = false;
};

} // namespace netmon
