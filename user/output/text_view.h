// The live text view: a compact top/iftop-like block of at most 80 columns
// (or the width asked for) per snapshot, free of terminal escapes so it reads the same in a log
// file (the caller clears the screen when writing to a terminal).
#pragma once

#include <cstddef>
#include <string>

#include "output/text_wrap.h"
#include "snapshot/snapshot.h"

namespace netmon {

struct TextOptions {
    size_t top_n = 10;         // rows in each top-talker list
    size_t width = kTextWidth; // columns; wider only for a wider terminal
};

// The whole block, ending in a newline. Kind::Final renders the final summary.
std::string render_text(const Snapshot &snapshot, const TextOptions &options = {});

} // namespace netmon
