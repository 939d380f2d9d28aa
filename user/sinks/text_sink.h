// The plain text view on stdout: one block per interval and the final
// summary; on a terminal each interval redraws the screen (like top).
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

  private:
    FdWriter out_;
    bool terminal_;
    TextOptions text_;
};

} // namespace netmon
