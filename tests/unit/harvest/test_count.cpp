#include <gtest/gtest.h>

#include "harvest/count.h"

using netmon::Count;

TEST(Count, AddsAndSubtractsBothFields)
{
    Count a{3, 300};
    Count b{2, 120};
    EXPECT_EQ(a + b, (Count{5, 420}));
    EXPECT_EQ(a - b, (Count{1, 180}));
}

TEST(Rate, IsPerSecondAndInBits)
{
    auto r = netmon::rate_of(Count{10, 1000}, 2.0);
    EXPECT_DOUBLE_EQ(r.pps, 5.0);
    EXPECT_DOUBLE_EQ(r.bps, 4000.0);
    EXPECT_DOUBLE_EQ(netmon::rate_of(Count{10, 1000}, 0).pps, 0.0);
}
