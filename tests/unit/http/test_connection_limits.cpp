#include <gtest/gtest.h>

#include "http/connection_limits.h"

namespace netmon::http {

TEST(ConnectionLimits, PerAddressShare)
{
    ConnectionLimits l(10, 3);
    for (int i = 0; i < 3; i++)
        EXPECT_TRUE(l.admit("10.0.0.1"));
    EXPECT_FALSE(l.admit("10.0.0.1"));
    EXPECT_TRUE(l.admit("10.0.0.2")); // another address has its own share
    EXPECT_EQ(l.held(), 4u);
    l.release("10.0.0.1");
    EXPECT_EQ(l.held_by("10.0.0.1"), 2u);
    EXPECT_TRUE(l.admit("10.0.0.1"));
}

TEST(ConnectionLimits, Total)
{
    ConnectionLimits l(4, 3);
    for (const char *a : {"a", "b", "c", "d"})
        EXPECT_TRUE(l.admit(a));
    EXPECT_TRUE(l.full());
    EXPECT_FALSE(l.admit("e"));
    l.release("b");
    EXPECT_FALSE(l.full());
    EXPECT_TRUE(l.admit("e"));
}

TEST(ConnectionLimits, ForgetsAddressesWithNoConnection)
{
    ConnectionLimits l(100, 2);
    for (int round = 0; round < 50; round++) {
        std::string a = "10.0.0." + std::to_string(round);
        ASSERT_TRUE(l.admit(a));
        l.release(a);
        EXPECT_EQ(l.held_by(a), 0u);
    }
    EXPECT_EQ(l.held(), 0u);
    l.release("never-admitted"); // no underflow
    EXPECT_EQ(l.held(), 0u);
}

} // namespace netmon::http
