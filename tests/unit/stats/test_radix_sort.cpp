// The fold's radix sort must order exactly as a stable comparison sort does.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "stats/radix_sort.h"

using namespace netmon;

namespace {
struct Item {
    uint64_t key;
    uint32_t position;
    bool operator==(const Item &) const = default;
};
} // namespace

TEST(RadixSort, OrdersLikeAStableSortForEveryRangeOfKeys)
{
    std::mt19937_64 rng(7);
    // Empty, one item, all equal, a jiffy-grained interval, full 64 bits.
    for (auto [n, base, spread] : std::vector<std::tuple<size_t, uint64_t, uint64_t>>{
             {0, 0, 1},
             {1, 5, 1},
             {1000, 42, 1},
             {50000, 1'700'000'000'000'000'000ULL, 1'000'000'000ULL},
             {50000, 0, 0},
             {3000, 1, 250}}) {
        std::vector<Item> items, scratch;
        for (size_t i = 0; i < n; i++) {
            uint64_t k = spread ? base + rng() % spread : rng(); // spread 0: any 64-bit key
            items.push_back({k, static_cast<uint32_t>(i)});
        }
        std::vector<Item> expected = items;
        std::stable_sort(expected.begin(), expected.end(),
                         [](const Item &a, const Item &b) { return a.key < b.key; });
        radix_sort_by(items, scratch, [](const Item &i) { return i.key; });
        EXPECT_EQ(items, expected) << n << " items, spread " << spread;
    }
}
