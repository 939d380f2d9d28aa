// FdWriter: a write that fails is an error the caller hears about, with
// the errno that tells a full disk from a reader that went away.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

#include "core/fd.h"
#include "sinks/fd_writer.h"
#include "sinks/sink.h"

using namespace netmon;

namespace {
int error_of(const FdWriter &w, const std::string &text)
{
    try {
        w.write_all(text);
    } catch (const SinkError &e) {
        return e.err();
    }
    return 0;
}
} // namespace

TEST(FdWriter, WritesEverything)
{
    int p[2];
    ASSERT_EQ(pipe(p), 0);
    Fd r(p[0]), w(p[1]);
    FdWriter writer(w.get(), "test");
    writer.write_all("hello\n");
    char buf[16] = {};
    ASSERT_EQ(read(r.get(), buf, sizeof(buf)), 6);
    EXPECT_STREQ(buf, "hello\n");
}

TEST(FdWriter, FullDiskIsENOSPC)
{
    Fd full(open("/dev/full", O_WRONLY | O_CLOEXEC));
    if (!full)
        GTEST_SKIP() << "no /dev/full";
    EXPECT_EQ(error_of(FdWriter(full.get(), "test"), "x"), ENOSPC);
}

TEST(FdWriter, ClosedReaderIsEPIPE)
{
    auto previous = std::signal(SIGPIPE, SIG_IGN); // as main() does
    int p[2];
    ASSERT_EQ(pipe(p), 0);
    Fd w(p[1]);
    close(p[0]);
    EXPECT_EQ(error_of(FdWriter(w.get(), "test"), "x"), EPIPE);
    std::signal(SIGPIPE, previous);
}

TEST(FdWriter, ClosedDescriptorIsEBADF) { EXPECT_EQ(error_of(FdWriter(-1, "test"), "x"), EBADF); }
