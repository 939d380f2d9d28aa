// read_bounded_file(): only regular files, only up to the cap, and never
// a wait, whatever path it is given.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "core/bounded_file.h"
#include "core/error.h"

namespace netmon {
namespace {

std::string write_file(const std::string &name, const std::string &content)
{
    std::string path = testing::TempDir() + "/" + name;
    std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
    return path;
}

// The message of the usage error reading `path` throws; fails if none.
std::string error_of(const std::string &path, size_t max_bytes = 64)
{
    try {
        read_bounded_file(path, max_bytes, "--some-file");
    } catch (const Error &e) {
        EXPECT_EQ(e.exit_code(), kExitUsage);
        std::string what = e.what();
        EXPECT_EQ(what.find('\n'), std::string::npos) << what;
        EXPECT_EQ(what.rfind("--some-file '" + path + "': ", 0), 0u) << what;
        return what;
    }
    ADD_FAILURE() << path << " was read";
    return "";
}

TEST(BoundedFile, ReadsARegularFileWholeUpToTheCap)
{
    const std::string path = write_file("bounded-ok", "tcp port 80\n");
    const BoundedFile file = read_bounded_file(path, 12, "--some-file");
    EXPECT_EQ(file.content, "tcp port 80\n");
    EXPECT_TRUE(S_ISREG(file.mode));
    EXPECT_EQ(read_bounded_file(write_file("bounded-empty", ""), 12, "--x").content, "");
}

TEST(BoundedFile, RefusesAFileOverTheCap)
{
    const std::string path = write_file("bounded-big", std::string(65, 'a'));
    const std::string what = error_of(path, 64);
    EXPECT_NE(what.find("larger than 64 bytes"), std::string::npos) << what;
}

TEST(BoundedFile, RefusesDevicesWithoutReadingThem)
{
    // Both would be read until memory runs out.
    for (const char *device : {"/dev/zero", "/dev/urandom"}) {
        const std::string what = error_of(device);
        EXPECT_NE(what.find("a character device, not a regular file"), std::string::npos) << what;
    }
    EXPECT_NE(error_of(testing::TempDir()).find("a directory"), std::string::npos);
}

TEST(BoundedFile, RefusesAFifoWithoutWaitingForAWriter)
{
    const std::string path = testing::TempDir() + "/bounded-fifo";
    unlink(path.c_str());
    ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
    // Without a writer, a blocking open would never return: the test would hang.
    const std::string what = error_of(path);
    EXPECT_NE(what.find("a FIFO, not a regular file"), std::string::npos) << what;
    unlink(path.c_str());
}

TEST(BoundedFile, SaysWhyItCannotOpen)
{
    const std::string what = error_of("/nonexistent/file");
    EXPECT_NE(what.find("cannot read: No such file or directory"), std::string::npos) << what;
}

TEST(BoundedFile, SizesAsTheDocsWriteThem)
{
    EXPECT_EQ(size_text(1 << 20), "1 MiB");
    EXPECT_EQ(size_text(64 << 20), "64 MiB");
    EXPECT_EQ(size_text(4096), "4 KiB");
    EXPECT_EQ(size_text(1500), "1500 bytes");
    EXPECT_EQ(size_text(1), "1 byte");
}

} // namespace
} // namespace netmon
