// The distinct-source sketch (include/netmon/host_counters.h) and its
// estimator (harvest/hll_estimate.h), fed what the kernel would write.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <ios>

#include "harvest/hll_estimate.h"

namespace netmon {
namespace {

TEST(HllEstimate, WithinFourStandardErrorsOverARange)
{
    for (uint64_t n : {1ull, 10ull, 100ull, 1000ull, 100000ull}) {
        netmon_host_sources s{};
        for (uint64_t i = 0; i < n; i++) {
            const uint64_t h = netmon_source_hash(0, 0xffff0000ull | (i << 32), 12345);
            uint8_t &r = s.reg[netmon_hll_index(h)];
            r = std::max(r, netmon_hll_rank(h));
        }
        const double e = hll_estimate(s);
        EXPECT_NEAR(e, static_cast<double>(n), 4 * hll_relative_error() * n + 0.5) << n;
    }
}

TEST(HllEstimate, RankCountsTrailingZerosOfTheLowBits)
{
    EXPECT_EQ(netmon_hll_rank(1), 1);
    EXPECT_EQ(netmon_hll_rank(8), 4);
    EXPECT_EQ(netmon_hll_rank(uint64_t{1} << 40), 41);
    EXPECT_EQ(netmon_hll_rank(uint64_t{1} << 63), 59) << "index bits only: the rest is zero";
    EXPECT_EQ(netmon_hll_index(uint64_t{0x3f} << 58), 63u);
}

TEST(HllEstimate, RankIsOnePlusTheTrailingZerosForEveryLowBitAndMixedWords)
{
    for (int bit = 0; bit < NETMON_HLL_RANK_BITS; bit++) {
        const uint64_t one = uint64_t{1} << bit;
        EXPECT_EQ(netmon_hll_rank(one), bit + 1) << bit;
        // Bits above the lowest one, and index bits, do not change it.
        EXPECT_EQ(netmon_hll_rank(~uint64_t{0} << bit), bit + 1) << bit;
        EXPECT_EQ(netmon_hll_rank(one | uint64_t{0x2a} << 58), bit + 1) << bit;
    }
    uint64_t h = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < 100000; i++) {
        h = netmon_fmix64(h + i);
        const uint64_t low = h & ((uint64_t{1} << NETMON_HLL_RANK_BITS) - 1);
        if (low) {
            ASSERT_EQ(netmon_hll_rank(h), __builtin_ctzll(low) + 1) << std::hex << h;
        }
    }
}

} // namespace
} // namespace netmon
