#include "sinks/command_run.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/fd.h"

namespace netmon {

namespace {

using Clock = std::chrono::steady_clock;

// In the child, between fork and exec: async-signal-safe calls only.
[[noreturn]] void exec_child(const std::string &command, int stdin_fd, int output_fd,
                             char *const *envp)
{
    // Its own process group, so killing it kills what it started too.
    setpgid(0, 0);
    // If this thread dies without killing it (netmon-xdp killed), so does the shell.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    signal(SIGPIPE, SIG_DFL); // netmon-xdp ignores it
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr); // the sink's thread blocks every signal
    if (dup2(stdin_fd, STDIN_FILENO) < 0 || dup2(output_fd, STDOUT_FILENO) < 0 ||
        dup2(output_fd, STDERR_FILENO) < 0)
        _exit(126);
    execle("/bin/sh", "sh", "-c", command.c_str(), static_cast<char *>(nullptr), envp);
    _exit(127);
}

// True once the child has exited; it stays a zombie (not reaped), so its
// pid, which is also its group's id, cannot be reused before we kill it.
bool has_exited(pid_t pid)
{
    siginfo_t info{};
    return waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
           info.si_pid == pid;
}

// Kills the whole group, then reaps the child; returns its wait status.
int kill_and_reap(pid_t pid)
{
    kill(-pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
}

// Reads what is there without blocking; false at end of file or error.
bool read_some(int fd, CommandOutput &output)
{
    char buf[4096];
    for (;;) {
        const ssize_t n = read(fd, buf, sizeof buf);
        if (n > 0) {
            output.add(std::string_view(buf, static_cast<size_t>(n)));
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            return true;
        return false;
    }
}

// After the group was killed: what it wrote last, briefly (a process that
// left the group with setsid may hold the pipe open forever).
void drain(int fd, CommandOutput &output)
{
    const auto until = Clock::now() + std::chrono::milliseconds(200);
    while (Clock::now() < until) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 20) > 0 && !read_some(fd, output))
            break;
    }
    output.flush();
}

// "0.500", "10.00": five characters, as the messages always said.
std::string seconds(std::chrono::milliseconds ms)
{
    return std::to_string(static_cast<double>(ms.count()) / 1000.0).substr(0, 5);
}

std::string describe(int status)
{
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return "";
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return "failed: command not found (exit status 127)";
    if (WIFEXITED(status))
        return "failed with exit status " + std::to_string(WEXITSTATUS(status));
    return std::string("was killed by signal ") + strsignal(WTERMSIG(status));
}

// This process's environment with `extra` ("NAME=value") added; an
// inherited variable of the same name is replaced. Built before fork: the
// child may not allocate.
std::vector<std::string> environment_with(const std::vector<std::string> &extra)
{
    std::vector<std::string> out;
    for (char **e = environ; e != nullptr && *e != nullptr; ++e) {
        const std::string_view entry(*e);
        const std::string_view name = entry.substr(0, entry.find('=') + 1);
        bool replaced = false;
        for (const std::string &x : extra)
            replaced = replaced || x.compare(0, name.size(), name) == 0;
        if (!replaced)
            out.emplace_back(entry);
    }
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
}

} // namespace

CommandRun run_command(const std::string &command, const std::string &input,
                       std::chrono::milliseconds timeout, CommandOutput &output,
                       const std::atomic<bool> &interrupted, const std::vector<std::string> &env)
{
    const std::vector<std::string> environment = environment_with(env);
    std::vector<char *> envp;
    for (const std::string &e : environment)
        envp.push_back(const_cast<char *>(e.c_str())); // execle's type; never written
    envp.push_back(nullptr);
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) != 0)
        return {std::string("could not start: pipe: ") + std::strerror(errno)};
    Fd in_read(in[0]), in_write(in[1]);
    if (pipe2(out, O_CLOEXEC) != 0)
        return {std::string("could not start: pipe: ") + std::strerror(errno)};
    Fd out_read(out[0]), out_write(out[1]);
    const pid_t pid = fork();
    if (pid < 0)
        return {std::string("could not start: fork: ") + std::strerror(errno)};
    if (pid == 0)
        exec_child(command, in_read.get(), out_write.get(), envp.data());
    setpgid(pid, pid); // also here: no race with a kill before the child ran
    in_read.reset();
    out_write.reset();
    fcntl(in_write.get(), F_SETFL, O_NONBLOCK);
    fcntl(out_read.get(), F_SETFL, O_NONBLOCK);

    const auto deadline = Clock::now() + timeout;
    size_t written = 0;
    for (;;) {
        if (interrupted) {
            kill_and_reap(pid);
            drain(out_read.get(), output);
            return {"was killed: netmon-xdp is exiting", true};
        }
        if (has_exited(pid))
            break;
        if (Clock::now() >= deadline) {
            kill_and_reap(pid);
            drain(out_read.get(), output);
            return {"did not finish within " + seconds(timeout) + " s: killed"};
        }
        pollfd fds[2] = {{out_read.get(), POLLIN, 0}, {in_write.get(), POLLOUT, 0}};
        const nfds_t count = in_write ? 2 : 1;
        if (poll(fds, count, 10) <= 0)
            continue;
        if (fds[0].revents & (POLLIN | POLLHUP) && !read_some(out_read.get(), output))
            out_read.reset(); // the command closed its output; fds[0] is then ignored
        if (count == 2 && fds[1].revents) {
            // A command that does not read stdin just gets EPIPE here.
            const ssize_t n = write(in_write.get(), input.data() + written, input.size() - written);
            if (n > 0)
                written += static_cast<size_t>(n);
            if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == input.size())
                in_write.reset();
        }
    }
    // It exited: end what it left running in its group, then reap it.
    const int status = kill_and_reap(pid);
    if (out_read)
        drain(out_read.get(), output);
    else
        output.flush();
    return {describe(status)};
}

} // namespace netmon
