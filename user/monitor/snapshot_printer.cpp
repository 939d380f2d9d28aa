#include "monitor/snapshot_printer.h"

#include <unistd.h>

#include "output/json_view.h"

namespace netmon {

SnapshotPrinter::SnapshotPrinter(bool json, size_t top_n, std::FILE *out)
    : json_(json), terminal_(isatty(fileno(out))), text_{.top_n = top_n}, out_(out)
{
}

void SnapshotPrinter::print(const Snapshot &snapshot)
{
    if (json_) {
        std::fprintf(out_, "%s\n", render_json_line(snapshot).c_str());
    } else {
        // Redraw in place on a terminal; the final summary stays below.
        bool redraw = terminal_ && snapshot.kind == Snapshot::Kind::Interval;
        std::fprintf(out_, "%s%s\n", redraw ? "\x1b[H\x1b[2J" : "",
                     render_text(snapshot, text_).c_str());
    }
    std::fflush(out_);
}

} // namespace netmon
