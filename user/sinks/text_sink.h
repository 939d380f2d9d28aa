// The plain text view on stdout: one block per interval and the final
// summary; on a terminal each interval redraws the screen (like top).
// Alert events are one line each ("alert start: ...", folded at 80 columns),
// before the block of the interval they belong to.
#pragma once

#include "output/text_view.h"
#include "sinks/fd_writer.h"
#include "sinks/sink.h"

namespace netmon {

class TextSink : public Sink {
  public:
    TextSink(int fd, size_t top_n);
    std::string name() const override { return "text output"; }
    void consume(const SnapshotPtr &snapshot) override;
    void consume_alert(const AlertEventPtr &event) override;

  private:
    FdWriter out_;
    int out_fd_;
    bool terminal_;
    TextOptions text_;
    // On a terminal, the events wait for the next redraw, which would
    // otherwise clear them at once.
    std::string pending_events_;
};

} // namespace netmon
