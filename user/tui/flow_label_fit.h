// A flow label fitted to a column so both of its ends stay readable:
// "[IFACE ]SRC → DST TAIL" with each endpoint shortened in the middle of
// its address and its port kept whole ("10.99.0.2:58316 → 10.9…0.1:5201
// tcp" never happens: the column is split between the two addresses).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace netmon::tui {

// `label` in at most `width` columns. `arrow` separates the two ends
// (" → " or " > "); a label without it is shortened in the middle.
std::string fit_flow_label(std::string_view label, size_t width, std::string_view arrow,
                           std::string_view ellipsis);

} // namespace netmon::tui
