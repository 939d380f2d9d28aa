#include "sinks/text_sink.h"

#include <unistd.h>

#include "output/text_alerts.h"
#include "output/text_wrap.h"
#include "sinks/terminal_width.h"

namespace netmon {

TextSink::TextSink(int fd, size_t top_n)
    : out_(fd, "text output"), out_fd_(fd),
      terminal_(isatty(fd) == 1), text_{.top_n = top_n, .width = text_width_for(fd)}
{
}

void TextSink::consume(const SnapshotPtr &snapshot)
{
    // Redraw in place on a terminal; the final summary stays below.
    const bool redraw = terminal_ && snapshot->kind == Snapshot::Kind::Interval;
    text_.width = text_width_for(out_fd_); // the terminal may have been resized
    out_.write_all(std::string(redraw ? "\x1b[H\x1b[2J" : "") + pending_events_ +
                   render_text(*snapshot, text_) + "\n");
    pending_events_.clear();
}

void TextSink::consume_alert(const AlertEventPtr &event)
{
    const std::string line = wrap_line(render_alert_event_line(*event), text_.width);
    if (terminal_)
        pending_events_ += line;
    else
        out_.write_all(line);
}

} // namespace netmon
