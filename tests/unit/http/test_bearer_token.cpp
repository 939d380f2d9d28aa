#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "core/error.h"
#include "http/bearer_token.h"

namespace netmon::http {

namespace {

std::string temp_file(const std::string &content)
{
    char path[] = "/tmp/netmon-token-XXXXXX";
    int fd = mkstemp(path);
    EXPECT_GE(fd, 0);
    close(fd);
    std::ofstream(path) << content;
    return path;
}

} // namespace

TEST(BearerToken, FirstLineTrimmed)
{
    std::string path = temp_file("  s3cret \t\nsecond line\n");
    EXPECT_EQ(read_token_file(path), "s3cret");
    std::remove(path.c_str());
}

TEST(BearerToken, RefusesEmptyOrUnreadable)
{
    std::string empty = temp_file("   \nsecond\n");
    EXPECT_THROW(read_token_file(empty), Error);
    std::remove(empty.c_str());
    try {
        read_token_file("/nonexistent/token");
        ADD_FAILURE();
    } catch (const Error &e) {
        EXPECT_EQ(e.exit_code(), kExitUsage);
        EXPECT_NE(std::string(e.what()).find("cannot read"), std::string::npos);
    }
}

TEST(BearerToken, ComparesWholeStrings)
{
    EXPECT_TRUE(constant_time_equal("abc", "abc"));
    EXPECT_FALSE(constant_time_equal("abc", "abd"));
    EXPECT_FALSE(constant_time_equal("abc", "abcd"));
    EXPECT_FALSE(constant_time_equal("", "a"));
    EXPECT_TRUE(constant_time_equal("", ""));
}

TEST(BearerToken, MatchesAuthorizationHeader)
{
    EXPECT_TRUE(bearer_matches("Bearer tok", "tok"));
    EXPECT_TRUE(bearer_matches("bearer tok", "tok"));
    EXPECT_FALSE(bearer_matches("Bearer tok2", "tok"));
    EXPECT_FALSE(bearer_matches("Basic tok", "tok"));
    EXPECT_FALSE(bearer_matches("tok", "tok"));
    EXPECT_FALSE(bearer_matches("", "tok"));
    EXPECT_FALSE(bearer_matches("Bearer ", "tok"));
}

} // namespace netmon::http
