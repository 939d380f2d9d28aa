// The order both views list top talkers in: most bytes first. Kept here so
// the text and JSON views can never rank the same snapshot differently.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace netmon {

// Pointers to the entries of `list` (HostEntry or FlowRecord), most bytes
// first, ties in their original order; at most `limit` of them.
template <typename Entry>
std::vector<const Entry *> ranked_by_bytes(const std::vector<Entry> &list,
                                           size_t limit = static_cast<size_t>(-1))
{
    std::vector<const Entry *> ranked;
    ranked.reserve(list.size());
    for (const Entry &e : list)
        ranked.push_back(&e);
    std::stable_sort(ranked.begin(), ranked.end(), [](const Entry *a, const Entry *b) {
        return a->total.bytes > b->total.bytes;
    });
    if (ranked.size() > limit)
        ranked.resize(limit);
    return ranked;
}

} // namespace netmon
