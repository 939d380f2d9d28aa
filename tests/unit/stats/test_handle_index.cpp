// The open-addressing index against std::unordered_map as a reference,
// through many inserts and erases (backward-shift deletion must keep every
// remaining key findable).
#include <gtest/gtest.h>

#include <random>
#include <unordered_map>

#include "stats/handle_index.h"

using netmon::HandleIndex;

TEST(HandleIndex, AgreesWithAReferenceMapThroughInsertsAndErases)
{
    HandleIndex index;
    std::unordered_map<uint64_t, uint32_t> reference; // key -> handle
    std::mt19937_64 rng(42);
    // Few distinct hash values force long collision chains and wrap-around.
    auto hash_of = [](uint64_t key) { return key % 2048; };
    uint32_t next_handle = 0;
    std::vector<uint64_t> keys_by_handle;

    for (int step = 0; step < 60000; step++) {
        uint64_t key = rng() % 8000;
        auto same = [&](uint32_t h) { return keys_by_handle[h] == key; };
        uint32_t found = index.find(hash_of(key), same);
        auto it = reference.find(key);
        ASSERT_EQ(found == HandleIndex::kNone, it == reference.end()) << "step " << step;
        if (it == reference.end()) {
            keys_by_handle.push_back(key);
            index.insert(hash_of(key), next_handle);
            reference[key] = next_handle++;
        } else {
            ASSERT_EQ(found, it->second);
            if (rng() % 2) {
                index.erase(hash_of(key), found);
                reference.erase(it);
            }
        }
        ASSERT_EQ(index.size(), reference.size());
    }
    for (const auto &[key, handle] : reference)
        EXPECT_EQ(index.find(hash_of(key), [&](uint32_t h) { return keys_by_handle[h] == key; }),
                  handle);
}
