// The talker tables' entry storage: an entry stays at its address and keeps
// its value while the slab grows past chunk after chunk.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "stats/entry_slab.h"

using namespace netmon;

namespace {

struct Entry {
    uint64_t bytes = 0;
    uint32_t handle = 0;
    bool live = false;
};

} // namespace

TEST(EntrySlab, HandlesCountUpFromZeroWithDefaultEntries)
{
    EntrySlab<Entry> slab;
    EXPECT_EQ(slab.size(), 0u);
    for (size_t i = 0; i < 3; i++) {
        EXPECT_EQ(slab.add(), i);
        EXPECT_EQ(slab[i].bytes, 0u);
        EXPECT_FALSE(slab[i].live);
    }
    EXPECT_EQ(slab.size(), 3u);
}

TEST(EntrySlab, EntriesNeverMoveAndKeepTheirValuesAcrossChunks)
{
    EntrySlab<Entry> slab;
    const size_t n = 3 * EntrySlab<Entry>::kPerChunk + 7;
    std::vector<const Entry *> where;
    for (size_t i = 0; i < n; i++) {
        const size_t h = slab.add();
        slab[h] = {h * 3, static_cast<uint32_t>(h), true};
        where.push_back(&slab[h]);
    }
    ASSERT_EQ(slab.size(), n);
    const EntrySlab<Entry> &read = slab;
    for (size_t h = 0; h < n; h++) {
        EXPECT_EQ(&read[h], where[h]) << "entry " << h << " moved";
        EXPECT_EQ(read[h].bytes, h * 3);
        EXPECT_EQ(read[h].handle, h);
    }
}

TEST(EntrySlab, AChunkIsAboutSixtyFourKibibytesOfWholeEntries)
{
    struct Big {
        char bytes[200];
    };
    EXPECT_EQ(EntrySlab<Big>::kPerChunk, 256u); // 65536 / 200 = 327, down to a power of two
    EXPECT_EQ(EntrySlab<Entry>::kPerChunk, 4096u);
}
