// The window records' chunked storage: positions stay where they were put
// across chunks, and an emptied interval's chunks serve the next one.
#include <gtest/gtest.h>

#include <cstdint>
#include <set>

#include "stats/chunked_records.h"

using namespace netmon;

namespace {

struct Record {
    uint32_t handle;
    uint32_t bytes;
};

} // namespace

TEST(ChunkedRecords, KeepsEveryRecordAtItsPositionAcrossChunks)
{
    ChunkPool<Record> pool;
    ChunkedRecords<Record> records;
    const size_t n = 3 * ChunkedRecords<Record>::kPerChunk + 5;
    for (uint32_t i = 0; i < n; i++)
        records.push_back({i, i * 7u}, pool);
    ASSERT_EQ(records.size(), n);
    EXPECT_EQ(records.chunks(), 4u);
    for (uint32_t i = 0; i < n; i++) {
        ASSERT_EQ(records[i].handle, i);
        ASSERT_EQ(records[i].bytes, i * 7u);
    }
    records[ChunkedRecords<Record>::kPerChunk].bytes += 1; // updated in place
    EXPECT_EQ(records[ChunkedRecords<Record>::kPerChunk].bytes,
              ChunkedRecords<Record>::kPerChunk * 7u + 1);
}

TEST(ChunkedRecords, AnEmptiedIntervalsChunksServeTheNextOne)
{
    ChunkPool<Record> pool;
    ChunkedRecords<Record> old_interval, new_interval;
    const size_t n = 2 * ChunkedRecords<Record>::kPerChunk;
    for (uint32_t i = 0; i < n; i++)
        old_interval.push_back({i, 1}, pool);
    std::set<const Record *> old_chunks{&old_interval[0],
                                        &old_interval[ChunkedRecords<Record>::kPerChunk]};
    old_interval.clear(pool);
    EXPECT_EQ(old_interval.size(), 0u);
    EXPECT_EQ(old_interval.chunks(), 0u);
    for (uint32_t i = 0; i < n; i++)
        new_interval.push_back({i, 2}, pool);
    std::set<const Record *> new_chunks{&new_interval[0],
                                        &new_interval[ChunkedRecords<Record>::kPerChunk]};
    EXPECT_EQ(new_chunks, old_chunks); // no new memory
    EXPECT_EQ(new_interval[n - 1].bytes, 2u);

    // Trimmed to one spare, the pool hands out that one, then new memory.
    new_interval.clear(pool);
    pool.trim(1);
    ChunkedRecords<Record> third;
    for (uint32_t i = 0; i < n; i++)
        third.push_back({i, 3}, pool);
    EXPECT_EQ(old_chunks.count(&third[0]), 1u);
    EXPECT_EQ(third[n - 1].bytes, 3u);
}
