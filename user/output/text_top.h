// Text view section: top sources, destinations, flows and ports, iftop
// style, and every flow of a run (--all-flows).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "output/text_wrap.h"
#include "snapshot/snapshot.h"

namespace netmon {

// The lists, at most `top_n` rows each, most bytes first, in `width`
// columns. With `show_iface`, flow lines name their interface (useful with
// several).
std::string render_top_talkers(const TopLists &top, size_t top_n, bool show_iface,
                               size_t width = kTextWidth);
// "ALL FLOWS (n)": every flow, most bytes first, in the same columns.
std::string render_flow_list(const std::vector<FlowRecord> &flows, bool show_iface,
                             size_t width = kTextWidth);

} // namespace netmon
