// What the operator chose to see: the dashboard's state besides the data.
// Changed only by keys (key_handling.h), read by the layout.
#pragma once

#include <array>
#include <cstddef>
#include <string>

namespace netmon::tui {

enum class ListKind { Sources, Destinations, Flows, Ports, LocalHosts, RemoteHosts, Processes };
constexpr size_t kNumLists = 7;
constexpr std::array<const char *, kNumLists> kListTitles = {
    "Sources", "Destinations", "Flows", "Ports", "Local hosts", "Remote hosts", "Processes"};

// The column a list is sorted by: a window's rate or the total bytes.
enum class SortBy { Last2s, Last10s, Last40s, Total };

struct ViewState {
    ListKind list = ListKind::Sources;
    SortBy sort = SortBy::Last10s; // the 40 s window still lists finished transfers
    bool bytes = false;            // rates in byte/s instead of bit/s
    bool service_names = false;    // ports as /etc/services names
    bool paused = false;           // the display holds still; counting goes on
    bool help = false;
    std::string filter;          // substring the list's rows must contain
    bool editing_filter = false; // `/` typed: keys go to filter_draft
    std::string filter_draft;
    bool unicode = true; // blocks and arrows; ASCII on a non-UTF-8 terminal
};

} // namespace netmon::tui
