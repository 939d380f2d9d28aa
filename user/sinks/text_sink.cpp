#include "sinks/text_sink.h"

#include <unistd.h>

namespace netmon {

TextSink::TextSink(int fd, size_t top_n)
    : out_(fd, "text output"), terminal_(isatty(fd) == 1), text_{.top_n = top_n}
{
}

void TextSink::consume(const SnapshotPtr &snapshot)
{
    // Redraw in place on a terminal; the final summary stays below.
    const bool redraw = terminal_ && snapshot->kind == Snapshot::Kind::Interval;
    out_.write_all(std::string(redraw ? "\x1b[H\x1b[2J" : "") + render_text(*snapshot, text_) +
                   "\n");
}

} // namespace netmon
