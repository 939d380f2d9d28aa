// Issue 26: the old counter was decremented by a destroyed temporary, so
// after two streams came and went every stream was refused, and while
// streams were open the limit never held.
#include <gtest/gtest.h>

#include <vector>

#include "http/stream_slots.h"

namespace netmon::http {

TEST(StreamSlots, TwentyOneAfterAnotherThenTheLimitAtOnce)
{
    StreamSlots slots(8);
    for (int i = 0; i < 20; i++) {
        auto slot = slots.try_take();
        ASSERT_TRUE(slot) << "stream " << i;
        EXPECT_EQ(slots.open(), 1u);
    }
    EXPECT_EQ(slots.open(), 0u);
    std::vector<std::shared_ptr<void>> held;
    int refused = 0;
    for (int i = 0; i < 20; i++) {
        if (auto slot = slots.try_take())
            held.push_back(slot);
        else
            refused++;
    }
    EXPECT_EQ(held.size(), 8u);
    EXPECT_EQ(refused, 12);
    held.clear();
    EXPECT_EQ(slots.open(), 0u);
    for (int i = 0; i < 8; i++)
        held.push_back(slots.try_take());
    EXPECT_TRUE(std::all_of(held.begin(), held.end(), [](auto &s) { return s != nullptr; }));
}

TEST(StreamSlots, CopiesGiveTheSlotBackOnce)
{
    StreamSlots slots(1);
    auto slot = slots.try_take();
    {
        auto copy = slot; // a content provider keeps one, the handler another
        slot.reset();
        EXPECT_EQ(slots.open(), 1u);
        EXPECT_FALSE(slots.try_take());
    }
    EXPECT_EQ(slots.open(), 0u);
    EXPECT_TRUE(slots.try_take());
}

} // namespace netmon::http
