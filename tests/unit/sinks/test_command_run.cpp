// run_command and CommandOutput: what --on-alert's command prints goes,
// line by line and prefixed, to the fd it is given (never stdout); a
// command is killed with its process group at the timeout, at exit, and
// when it exits with something still running in its group.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "sinks/command_run.h"

using namespace netmon;
using namespace std::chrono_literals;

namespace {

// A temporary file the output goes to, read back as a string.
struct TempOutput {
    char path[32] = "/tmp/netmon-cmd-XXXXXX";
    int fd = mkstemp(path);
    ~TempOutput()
    {
        close(fd);
        unlink(path);
    }
    std::string text() const
    {
        std::ifstream in(path);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
};

std::atomic<bool> never{false};

// Running, or stopped: not gone and not a zombie (one the system's init
// has yet to reap is dead all the same).
bool alive(pid_t pid)
{
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line))
        return false;
    const size_t paren = line.rfind(')');
    return paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] != 'Z';
}

} // namespace

TEST(CommandOutput, WholeLinesPrefixedAndLongLinesCut)
{
    TempOutput out;
    CommandOutput lines(out.fd, "p: ");
    lines.add("one\ntw");
    lines.add("o\n");
    lines.add(std::string(CommandOutput::kMaxLine + 10, 'x'));
    lines.add("\nlast");
    lines.flush();
    EXPECT_EQ(out.text(), "p: one\np: two\np: " + std::string(CommandOutput::kMaxLine, 'x') +
                              "\np: xxxxxxxxxx\np: last\n");
}

TEST(CommandRun, StdinIsTheInputAndStdoutAndStderrGoToTheOutput)
{
    TempOutput out;
    CommandOutput lines(out.fd, "hook: ");
    const CommandRun run =
        run_command("read x; echo \"out $x\"; echo err >&2", "hello\n", 5s, lines, never);
    EXPECT_EQ(run.failure, "");
    EXPECT_FALSE(run.interrupted);
    EXPECT_EQ(out.text(), "hook: out hello\nhook: err\n");
}

TEST(CommandRun, FailuresAreNamed)
{
    TempOutput out;
    CommandOutput lines(out.fd, "");
    EXPECT_EQ(run_command("exit 3", "", 5s, lines, never).failure, "failed with exit status 3");
    EXPECT_EQ(run_command("/nonexistent/netmon-hook", "", 5s, lines, never).failure,
              "failed: command not found (exit status 127)");
}

TEST(CommandRun, TimeoutKillsTheWholeGroup)
{
    TempOutput out;
    CommandOutput lines(out.fd, "");
    // The shell starts a child and waits: both must die at the timeout.
    const auto start = std::chrono::steady_clock::now();
    const CommandRun run = run_command("sleep 30 & echo $!; wait", "", 300ms, lines, never);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
    EXPECT_EQ(run.failure, "did not finish within 0.300 s: killed");
    const pid_t child = std::stoi(out.text());
    for (int i = 0; i < 100 && alive(child); i++)
        std::this_thread::sleep_for(10ms); // reaped by init once killed
    EXPECT_FALSE(alive(child));
}

TEST(CommandRun, WhatACommandLeavesRunningEndsWithIt)
{
    TempOutput out;
    CommandOutput lines(out.fd, "");
    const CommandRun run = run_command("sleep 30 >/dev/null 2>&1 & echo $!", "", 5s, lines, never);
    EXPECT_EQ(run.failure, "");
    const pid_t child = std::stoi(out.text());
    for (int i = 0; i < 100 && alive(child); i++)
        std::this_thread::sleep_for(10ms);
    EXPECT_FALSE(alive(child));
}

TEST(CommandRun, InterruptKillsAtOnce)
{
    TempOutput out;
    CommandOutput lines(out.fd, "");
    std::atomic<bool> stop{false};
    std::thread stopper([&] {
        std::this_thread::sleep_for(100ms);
        stop = true;
    });
    const auto start = std::chrono::steady_clock::now();
    const CommandRun run = run_command("sleep 30", "", 60s, lines, stop);
    stopper.join();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
    EXPECT_TRUE(run.interrupted);
}
