// Column alignment for the text view. Widths are in terminal columns, not
// bytes: flow lines contain "→", three bytes in UTF-8 but one column.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace netmon {

// Code points in UTF-8 text (every character we print is one column wide).
size_t display_width(std::string_view text);
// Text padded with spaces to `width` columns; never truncated.
std::string pad_right(std::string_view text, size_t width);
std::string pad_left(std::string_view text, size_t width);
// Byte offset where the first `columns` characters of `text` end.
size_t byte_offset(std::string_view text, size_t columns);

} // namespace netmon
