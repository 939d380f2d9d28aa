// --on-alert CMD: runs `/bin/sh -c CMD` for each alert event (start, update,
// end) with the event's JSON line on stdin. It runs on the sink's own
// thread behind the hub's bounded queue, so a slow, failing or missing
// command never delays counting; a command still running after the timeout
// is killed with its process group. The first failure is reported at once,
// the count of all of them at the end.
#pragma once

#include <chrono>
#include <string>

#include "sinks/sink.h"

namespace netmon {

class OnAlertSink : public Sink {
  public:
    OnAlertSink(std::string command, std::chrono::milliseconds timeout);
    std::string name() const override { return "--on-alert command"; }
    void consume(const SnapshotPtr &) override {}
    void consume_alert(const AlertEventPtr &event) override;
    bool wants_snapshots() const override { return false; }
    void close() override;

  private:
    // Runs the command once; returns why it failed, empty on success.
    std::string run(const std::string &input);

    std::string command_;
    std::chrono::milliseconds timeout_;
    uint64_t runs_ = 0;
    uint64_t failures_ = 0;
};

} // namespace netmon
