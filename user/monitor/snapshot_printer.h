// Writes snapshots to stdout: JSON Lines, or the text view — redrawn in
// place on a terminal (like top), one block after another otherwise.
#pragma once

#include <cstdio>

#include "output/text_view.h"
#include "stats/snapshot.h"

namespace netmon {

class SnapshotPrinter {
  public:
    SnapshotPrinter(bool json, size_t top_n, std::FILE *out = stdout);
    void print(const Snapshot &snapshot);

  private:
    bool json_;
    bool terminal_;
    TextOptions text_;
    std::FILE *out_;
};

} // namespace netmon
