// The distinct-source sketch (include/netmon/host_counters.h) and its
// estimator (harvest/hll_estimate.h), fed what the kernel would write.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <ios>
#include <random>
#include <vector>

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

// Sources of a flood differ in a few low bits of one word (100.64.x.y, as
// the kernel's key holds them: IPv4-mapped, in memory order). Over many load
// seeds the estimates of such sources must spread as a sketch of random
// hashes does: centred on the truth, and beyond 4 standard errors about once
// in a thousand seeds (64 registers give a long tail), not in a few percent.
TEST(HllEstimate, StructuredSourcesSpreadAsRandomHashesOverSeeds)
{
    constexpr uint32_t kSources = 3000, kSeeds = 2000;
    std::mt19937_64 seeds(20261205); // fixed: the same seeds on every run
    std::vector<double> estimates;
    uint32_t beyond = 0;
    for (uint32_t k = 0; k < kSeeds; k++) {
        const uint64_t seed = seeds();
        netmon_host_sources s{};
        for (uint32_t i = 0; i < kSources; i++) {
            // ::ffff:100.64.x.y as two little-endian words of the key.
            const uint64_t w1 = 0xffff0000ull | uint64_t{100} << 32 | uint64_t{64} << 40 |
                                uint64_t{(i >> 8) & 0xff} << 48 | uint64_t{i & 0xff} << 56;
            const uint64_t h = netmon_source_hash(0, w1, seed);
            uint8_t &r = s.reg[netmon_hll_index(h)];
            r = std::max(r, netmon_hll_rank(h));
        }
        const double e = hll_estimate(s);
        estimates.push_back(e);
        beyond += std::abs(e - kSources) > 4 * hll_relative_error() * kSources;
    }
    std::nth_element(estimates.begin(), estimates.begin() + kSeeds / 2, estimates.end());
    EXPECT_NEAR(estimates[kSeeds / 2], kSources, 0.05 * kSources) << "the median seed";
    EXPECT_LE(beyond, kSeeds / 100) << "seeds whose estimate is beyond 4 standard errors";
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
