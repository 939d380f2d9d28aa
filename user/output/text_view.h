// The live text view: a compact top/iftop-like block of at most 100 columns
// per snapshot, free of terminal escapes so it reads the same in a log file
// (the caller clears the screen when writing to a terminal).
#pragma once

#include <cstddef>
#include <string>

#include "snapshot/snapshot.h"

namespace netmon {

struct TextOptions {
    size_t top_n = 10; // rows in each top-talker list
};

// The whole block, ending in a newline. Kind::Final renders the final summary.
std::string render_text(const Snapshot &snapshot, const TextOptions &options = {});

} // namespace netmon
