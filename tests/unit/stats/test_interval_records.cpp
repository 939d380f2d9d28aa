// An interval's coded window records: every (handle, bytes) comes back as
// it went in, across chunk boundaries and at any size, and a dense table's
// records take a few bytes each.
#include <gtest/gtest.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "stats/interval_records.h"

using namespace netmon;

namespace {

std::vector<std::pair<uint32_t, uint64_t>> read_back(const IntervalRecords &records)
{
    std::vector<std::pair<uint32_t, uint64_t>> out;
    records.for_each([&](uint32_t h, uint64_t bytes) { out.emplace_back(h, bytes); });
    return out;
}

} // namespace

TEST(IntervalRecords, EveryRecordComesBackAcrossChunksAtAnySize)
{
    IntervalRecords::Pool pool;
    IntervalRecords records;
    std::vector<std::pair<uint32_t, uint64_t>> written;
    // Handle 0 first, gaps from 1 to 2^31, bytes from 0 to 2^64-1, and
    // enough records that varints straddle chunk boundaries.
    uint32_t h = 0;
    for (uint64_t i = 0; i < 200000; i++) {
        const uint64_t bytes = i % 7 == 0 ? UINT64_MAX >> (i % 64) : i * 1000003 % 5000;
        written.emplace_back(h, bytes);
        records.append(h, bytes, pool);
        h += i % 1000 == 999 ? 1u << (i % 31) : 1;
    }
    written.emplace_back(UINT32_MAX, 0);
    records.append(UINT32_MAX, 0, pool);
    EXPECT_EQ(records.size(), written.size());
    EXPECT_GT(records.chunks(), 1u);
    EXPECT_EQ(read_back(records), written);
}

TEST(IntervalRecords, ADenseTablesRecordTakesAFewBytes)
{
    IntervalRecords::Pool pool;
    IntervalRecords records;
    const size_t n = 10 * IntervalRecords::Pool::kPerChunk;
    for (uint32_t h = 0; h < n; h++)
        records.append(h, 1500, pool); // a full-size frame each
    // 1 byte of handle distance and 2 of bytes: 3 of the 8 a fixed record took.
    EXPECT_EQ(records.chunks(), 30u);
}

TEST(IntervalRecords, AClearedIntervalStartsAfresh)
{
    IntervalRecords::Pool pool;
    IntervalRecords old_interval;
    for (uint32_t h = 100; h < 200000; h++)
        old_interval.append(h, h, pool);
    old_interval.clear(pool);
    EXPECT_EQ(old_interval.size(), 0u);
    EXPECT_TRUE(read_back(old_interval).empty());
    old_interval.append(5, 9, pool); // handles start over from 0
    EXPECT_EQ(read_back(old_interval), (std::vector<std::pair<uint32_t, uint64_t>>{{5, 9}}));
}
