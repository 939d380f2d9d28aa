// --on-alert CMD: runs `/bin/sh -c CMD` for each alert event (start, update,
// end) with the event's JSON line on stdin. It runs on the sink's own
// thread behind the hub's bounded queue, so a slow, failing or missing
// command never delays counting. What the command prints goes to stderr,
// each line prefixed, or to --on-alert-log: never to stdout. A command
// still running after the timeout is killed with its process group; so is
// one still running when the run ends (SinkHub::finish_event_sinks). The
// first failure is reported at once, the count of all of them at the end.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "core/fd.h"
#include "sinks/command_output.h"
#include "sinks/sink.h"

namespace netmon {

class OnAlertSink : public Sink {
  public:
    // `log_path`: where the command's output goes; empty: stderr. Opened
    // (appended to) here: a path that cannot be written is a usage error.
    OnAlertSink(std::string command, std::chrono::milliseconds timeout,
                const std::string &log_path);
    std::string name() const override { return "--on-alert command"; }
    void consume(const SnapshotPtr &) override {}
    void consume_alert(const AlertEventPtr &event) override;
    bool wants_snapshots() const override { return false; }
    void interrupt() override { interrupted_ = true; }
    void close() override;

  private:
    std::string command_;
    std::chrono::milliseconds timeout_;
    std::string log_path_;
    Fd log_;
    CommandOutput output_;
    bool log_failure_reported_ = false;
    std::atomic<bool> interrupted_{false};
    uint64_t runs_ = 0;
    uint64_t failures_ = 0;
};

} // namespace netmon
