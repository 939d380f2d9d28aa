// excerpt(): user input quoted in an error stays one short line.
#include <gtest/gtest.h>

#include <string>

#include "core/excerpt.h"

namespace netmon {
namespace {

TEST(Excerpt, ShortTextIsQuotedAsGiven)
{
    EXPECT_EQ(excerpt("tcp port 80"), "tcp port 80");
    EXPECT_EQ(excerpt(std::string(kExcerptBytes, 'a')), std::string(kExcerptBytes, 'a'));
}

TEST(Excerpt, StaysOnOneLine)
{
    EXPECT_EQ(excerpt("tcp\nand\tport 80\r\n"), "tcp and port 80  ");
    EXPECT_EQ(excerpt("a\x1b[2Jb\x7f"), "a?[2Jb?");
}

TEST(Excerpt, HugeTextIsCutWithItsSize)
{
    const std::string huge = "tcp and " + std::string(21'000'000 - 8, '(');
    const std::string e = excerpt(huge);
    EXPECT_EQ(e, "tcp and " + std::string(kExcerptBytes - 8, '(') + "... (21000000 bytes)");
    EXPECT_EQ(excerpt("abcdef", 3), "abc... (6 bytes)");
}

TEST(Excerpt, NeverCutsACharacterInHalf)
{
    // "é" is two bytes: cut after the first, it would be half a character.
    EXPECT_EQ(excerpt("a\xc3\xa9z", 2), "a... (4 bytes)");
    EXPECT_EQ(excerpt("a\xc3\xa9z", 3), "a\xc3\xa9... (4 bytes)");
}

} // namespace
} // namespace netmon
