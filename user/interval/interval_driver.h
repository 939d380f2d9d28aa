// What `attach` and `replay` do at every interval, written once: harvest
// each reader's idle generation into the aggregator, close the interval,
// publish the snapshot to the rules and the outputs; and at the end, close
// the outputs and save the alert baseline. Each run keeps only what differs:
// when an interval ends and on which clock (live: a timer and signals;
// replay: the capture's time on the interval grid), and what it harvests.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <span>

#include "loader/generation_reader.h"
#include "loader/host_reader.h"
#include "pipeline/output_sinks.h"
#include "stats/aggregator.h"
#include "stats/local_host_table.h"

namespace netmon {

// The aggregation the report options ask for (filter, interval, top N,
// ageing, flow detail); each run adds its interfaces and local networks.
AggregatorOptions report_aggregation(const ReportOptions &report);

class IntervalDriver {
  public:
    // `rules`: make_alert_engine(report), built by the caller before anything
    // loads (bad rules load nothing); null without rules.
    IntervalDriver(AggregatorOptions aggregation, const ReportOptions &report,
                   SinkHub::WhenFull when_full, std::unique_ptr<alerts::AlertEngine> rules);

    // One reader, counted as the aggregator's interface `iface`.
    struct Source {
        GenerationReader *reader;
        size_t iface;
        HostReader *hosts = nullptr; // the same object's per-host table
    };
    // Flips every reader's generation, waits once for the readers that need
    // it (one RCU grace period covers every program on the system), then
    // adds each idle generation to its interface.
    void harvest(std::span<const Source> sources);

    // Closes the interval at `end` and publishes its snapshot. After
    // time_polls(), the snapshot says how long it took since the last
    // harvest began (the live poll's duration).
    void close(const IntervalEnd &end, Snapshot::Kind kind);

    // Closes the outputs (waiting at most `close_wait` for a stuck one) and
    // saves the alert baseline; then, if an output failed, the run's exit
    // code (see output_failed()).
    std::optional<int> finish(std::chrono::milliseconds close_wait = std::chrono::seconds(5));
    // If an output failed: closes the outputs, says why (output_failure_exit)
    // and returns the exit code the run ends with.
    std::optional<int> output_failed();

    Aggregator &aggregator() { return aggregator_; }
    // Adds the kernel's per-host counters (Source::hosts) to every
    // snapshot, in that layout (attach; see LocalHostTable).
    void count_local_hosts(HostLayout layout) { hosts_.emplace(std::move(layout)); }
    // Its layout; none (no slots) before count_local_hosts().
    const HostLayout &local_host_layout() const
    {
        static const HostLayout kNone;
        return hosts_ ? hosts_->layout() : kNone;
    }
    // Live runs time their polls, and wake on these.
    void time_polls() { timed_polls_ = true; }
    int failure_fd() const { return outputs_->failure_fd(); }
    int stop_fd() const { return outputs_->stop_fd(); }

  private:
    Aggregator aggregator_;
    std::unique_ptr<alerts::AlertEngine> rules_;
    std::unique_ptr<SinkHub> outputs_;
    std::optional<LocalHostTable> hosts_;
    bool timed_polls_ = false;
    std::chrono::steady_clock::time_point harvest_began_;
};

} // namespace netmon
