// Free text (headers, alert lines, notices) folded to a width: the plain
// text view must read on an 80-column terminal and in a log file alike.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace netmon {

// The columns every plain text output fits unless told otherwise.
constexpr size_t kTextWidth = 80;

// `line` (no newline) as lines of at most `width` columns, each ending in
// "\n". Breaks first between fields (two spaces), then between words; a
// word longer than a line is split. Continuation lines start with `indent`.
std::string wrap_line(std::string_view line, size_t width = kTextWidth,
                      std::string_view indent = "    ");
// Every line of `text` wrapped as by wrap_line; lines that fit are kept as
// they are, so the aligned tables stay untouched.
std::string wrap_text(std::string_view text, size_t width = kTextWidth,
                      std::string_view indent = "    ");

} // namespace netmon
