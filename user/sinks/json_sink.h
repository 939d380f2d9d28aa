// --json: one JSON Lines object per snapshot (schema in docs/json.md).
#pragma once

#include "sinks/fd_writer.h"
#include "sinks/sink.h"

namespace netmon {

class JsonSink : public Sink {
  public:
    explicit JsonSink(int fd) : out_(fd, "JSON output") {}
    std::string name() const override { return "JSON output"; }
    void consume(const SnapshotPtr &snapshot) override;
    // Each event a line of its own ("type": "alert").
    void consume_alert(const AlertEventPtr &event) override;

  private:
    FdWriter out_;
};

} // namespace netmon
