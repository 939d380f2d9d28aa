// The dashboard as lines of text: a pure function of the snapshot, the
// history the dashboard kept, the view state and the window size. No
// terminal involved, so the layout is tested for every size and key.
//
// Top, always visible: a title; per interface and hook, the rates now,
// peak and average with a sparkline of the last 60 s; the protocol mix; the
// flow table. Below: the tabs, then one list sorted by the chosen column,
// as long as the rows left allow; a key line at the bottom.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "snapshot/snapshot.h"
#include "tui/rate_history.h"
#include "tui/service_names.h"
#include "tui/view_state.h"

namespace netmon::tui {

enum class LineStyle { Normal, Title, Heading, Warning };

struct ScreenLine {
    std::string text; // UTF-8, at most the window's width in columns
    LineStyle style = LineStyle::Normal;
};

// At most `rows` lines, none wider than `cols` columns.
std::vector<ScreenLine> layout_dashboard(const Snapshot &snapshot, const RateHistory &history,
                                         const ViewState &view, const ServiceNames &services,
                                         size_t cols, size_t rows);

// One row of a list, whatever it lists.
struct ListRow {
    std::string name;
    WindowRates rates; // bit/s
    Count total;
};

// The rows of the chosen list: named, filtered and sorted as the view says.
std::vector<ListRow> list_rows(const Snapshot &snapshot, const ViewState &view,
                               const ServiceNames &services);

} // namespace netmon::tui
