#include <gtest/gtest.h>

#include <sys/stat.h>
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
    std::string path = temp_file("  s3cret-of-16-chars \t\nsecond line\n");
    EXPECT_EQ(read_token_file(path), "s3cret-of-16-chars");
    std::remove(path.c_str());
}

namespace {

// The message of the usage error read_token_file(path) throws.
std::string token_error(const std::string &path)
{
    try {
        read_token_file(path);
    } catch (const Error &e) {
        EXPECT_EQ(e.exit_code(), kExitUsage);
        return e.what();
    }
    ADD_FAILURE() << path << " was accepted";
    return "";
}

} // namespace

TEST(BearerToken, RefusesTokensOthersMayReadOrWrite)
{
    std::string path = temp_file("0123456789abcdef0123\n");
    for (mode_t mode : {0644, 0640, 0602, 0666}) {
        ASSERT_EQ(chmod(path.c_str(), mode), 0);
        const std::string what = token_error(path);
        EXPECT_NE(what.find("open to group or others"), std::string::npos) << what;
        EXPECT_NE(what.find("chmod 600"), std::string::npos) << what;
    }
    ASSERT_EQ(chmod(path.c_str(), 0400), 0);
    EXPECT_EQ(read_token_file(path), "0123456789abcdef0123");
    std::remove(path.c_str());
}

TEST(BearerToken, RefusesShortTokens)
{
    std::string path = temp_file("x\n");
    std::string what = token_error(path);
    EXPECT_NE(what.find("the token has 1 characters, fewer than 16"), std::string::npos) << what;
    std::remove(path.c_str());
    path = temp_file("0123456789abcde\n"); // 15
    EXPECT_NE(token_error(path).find("fewer than 16"), std::string::npos);
    std::remove(path.c_str());
    path = temp_file("0123456789abcdef\n"); // 16
    EXPECT_EQ(read_token_file(path), "0123456789abcdef");
    std::remove(path.c_str());
}

// /dev/zero was read until the OOM killer came; a FIFO blocked forever.
TEST(BearerToken, RefusesWhatIsNotARegularFileOrTooLarge)
{
    EXPECT_NE(token_error("/dev/zero").find("a character device, not a regular file"),
              std::string::npos);
    char dir[] = "/tmp/netmon-token-dir-XXXXXX";
    ASSERT_TRUE(mkdtemp(dir));
    const std::string fifo = std::string(dir) + "/fifo";
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    EXPECT_NE(token_error(fifo).find("a FIFO, not a regular file"), std::string::npos);
    unlink(fifo.c_str());
    rmdir(dir);
    std::string big = temp_file(std::string(kMaxTokenFileBytes + 1, 'a'));
    EXPECT_NE(token_error(big).find("larger than 4 KiB"), std::string::npos);
    std::remove(big.c_str());
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
