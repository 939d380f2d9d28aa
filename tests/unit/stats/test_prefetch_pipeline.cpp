// The prefetch pipeline must fold every item exactly once and in order, with
// each stage run ahead of the next; the fold's results depend on that order.
#include <gtest/gtest.h>

#include <vector>

#include "stats/handle_index.h"
#include "stats/prefetch_pipeline.h"

using namespace netmon;

TEST(PrefetchPipeline, RunsEachStageOnceInOrderAndAheadOfTheFold)
{
    for (size_t n : {size_t{0}, size_t{1}, size_t{7}, kPrefetchAhead, size_t{100}}) {
        std::vector<int> stage(n, 0);
        std::vector<size_t> folded;
        prefetch_pipeline(
            n,
            [&](size_t i) {
                EXPECT_EQ(stage[i], 0);
                stage[i] = 1;
            },
            [&](size_t i) {
                EXPECT_EQ(stage[i], 1);
                stage[i] = 2;
            },
            [&](size_t i) {
                EXPECT_EQ(stage[i], 2);
                stage[i] = 3;
                folded.push_back(i);
            });
        ASSERT_EQ(folded.size(), n);
        for (size_t i = 0; i < n; i++)
            EXPECT_EQ(folded[i], i);
    }
}

TEST(HandleIndex, CandidateIsTheFirstHandleStoredWithTheHash)
{
    HandleIndex index;
    EXPECT_EQ(index.candidate(42), HandleIndex::kNone);
    index.insert(42, 7);
    index.insert(42, 9); // same hash, another key
    EXPECT_EQ(index.candidate(42), 7u);
}
