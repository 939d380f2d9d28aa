// Text view section: top sources, destinations and flows, iftop style.
#pragma once

#include <cstddef>
#include <string>

#include "snapshot/snapshot.h"

namespace netmon {

// The three lists, at most `top_n` rows each, most bytes first. With
// `show_iface`, flow lines name their interface (useful with several).
std::string render_top_talkers(const TopLists &top, size_t top_n, bool show_iface);

} // namespace netmon
