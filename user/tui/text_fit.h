// Fitting text into terminal columns: never wider than asked, never wrapped.
// Widths are in columns (every character we print is one column wide).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace netmon::tui {

// The first `width` columns of `text` (cut at the end).
std::string cut(std::string_view text, size_t width);
// `text` shortened in the middle with `ellipsis` when it needs more than
// `width` columns: "2001:db8:…:0:1", so both ends of an address stay.
std::string shorten_middle(std::string_view text, size_t width, std::string_view ellipsis);
// Exactly `width` columns: cut or padded with spaces.
std::string fit_left(std::string_view text, size_t width);
std::string fit_right(std::string_view text, size_t width);
// One column per value, the last `width` values: eight levels of block
// (Unicode) or " .:-=+*#" (ASCII), scaled to the largest value shown.
std::string sparkline(const std::vector<double> &values, size_t width, bool unicode);
// A bar of `value / max` of `width` columns, left-aligned and padded.
std::string bar(double value, double max, size_t width, bool unicode);

} // namespace netmon::tui
