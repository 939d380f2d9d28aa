// The order both views list top talkers in: the snapshot's. The aggregator
// ranks them (interval reports by bytes within the last 40 s, the final
// report by total bytes), so the views only cut the list, never re-sort it:
// text and JSON can never rank the same snapshot differently.
#pragma once

#include <cstddef>
#include <vector>

namespace netmon {

// Pointers to the first `limit` entries of `list` (HostEntry or FlowRecord).
template <typename Entry>
std::vector<const Entry *> top_entries(const std::vector<Entry> &list,
                                       size_t limit = static_cast<size_t>(-1))
{
    std::vector<const Entry *> out;
    for (const Entry &e : list) {
        if (out.size() == limit)
            break;
        out.push_back(&e);
    }
    return out;
}

} // namespace netmon
