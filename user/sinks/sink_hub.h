// Fans each snapshot out to every sink. Each sink has its own thread and a
// bounded queue: publish() only enqueues a shared pointer, so counting never
// waits for an output. What a full queue does depends on the run:
//  - live (Drop): the sink loses its copy of that snapshot and the drop is
//    counted and reported, because the kernel's tables must be read on
//    time whatever an output does;
//  - replay (Wait): publish() waits for room, since nothing is lost by
//    slowing a replay down and every interval should reach every output.
// The Final snapshot is never dropped.
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
    enum class WhenFull { Drop, Wait };
    // Essential sinks carry the run's main output (stdout): when one fails
    // the run stops with an error. Others (network exporters) are reported
    // and dropped, and the run goes on.
    enum class Role { Essential, Optional };

    explicit SinkHub(WhenFull when_full, size_t queue_capacity = 64);
    ~SinkHub(); // close() with a short timeout if not done yet
    SinkHub(const SinkHub &) = delete;
    SinkHub &operator=(const SinkHub &) = delete;

    void add(std::unique_ptr<Sink> sink, Role role);
    size_t size() const { return workers_.size(); }

    // Hands the snapshot to every sink that is still running.
    void publish(const SnapshotPtr &snapshot);
    // Hands an alert event to every sink, through the same queues (so it
    // keeps its place among the snapshots) and with the same policy.
    void publish_alert(const AlertEventPtr &event);

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
    std::shared_ptr<SinkHubShared> shared_;
    Fd failure_fd_;
    Fd stop_fd_;
    std::vector<std::unique_ptr<Worker>> workers_;
    bool closed_ = false;
};

} // namespace netmon
