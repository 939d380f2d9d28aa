// A stable LSD radix sort by an unsigned 64-bit key, for the fold's
// last-seen order: a poll's last-seen times span one interval, so two or
// three 11-bit passes order a million records in a fraction of what a
// comparison sort takes.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

namespace netmon {

// Sorts `items` by key(item), ascending; equal keys keep their order.
// `scratch` is working memory, kept by the caller to reuse.
template <class T, class Key>
void radix_sort_by(std::vector<T> &items, std::vector<T> &scratch, Key key)
{
    if (items.size() < 2)
        return;
    auto [lo, hi] = std::minmax_element(items.begin(), items.end(),
                                        [&](const T &a, const T &b) { return key(a) < key(b); });
    const uint64_t base = key(*lo);
    const uint64_t range = key(*hi) - base;
    constexpr int kBits = 11;
    constexpr size_t kBuckets = size_t{1} << kBits;
    scratch.resize(items.size());
    for (int shift = 0; shift < 64 && (range >> shift) != 0; shift += kBits) {
        std::array<size_t, kBuckets> start{};
        auto digit = [&](const T &t) { return ((key(t) - base) >> shift) & (kBuckets - 1); };
        for (const T &t : items)
            start[digit(t)]++;
        size_t sum = 0;
        for (size_t &s : start)
            sum += std::exchange(s, sum);
        for (const T &t : items)
            scratch[start[digit(t)]++] = t;
        items.swap(scratch);
    }
}

} // namespace netmon
