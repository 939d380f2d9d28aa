#include "sinks/on_alert_sink.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/fd.h"
#include "output/alert_json.h"

namespace netmon {

namespace {

void warn(const std::string &line) { std::fprintf(stderr, "netmon-xdp: %s\n", line.c_str()); }

uint64_t now_ms()
{
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::steady_clock::now().time_since_epoch())
                                     .count());
}

} // namespace

OnAlertSink::OnAlertSink(std::string command, std::chrono::milliseconds timeout)
    : command_(std::move(command)), timeout_(timeout)
{
}

void OnAlertSink::consume_alert(const AlertEventPtr &event)
{
    runs_++;
    const std::string why = run(render_alert_json_line(*event) + "\n");
    if (why.empty())
        return;
    if (failures_++ == 0)
        warn("--on-alert '" + command_ + "' " + why +
             " (reported once; counting and the other outputs go on)");
}

void OnAlertSink::close()
{
    if (failures_ > 1)
        warn("--on-alert '" + command_ + "' failed " + std::to_string(failures_) + " of " +
             std::to_string(runs_) + " times");
}

std::string OnAlertSink::run(const std::string &input)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return std::string("could not start: pipe: ") + std::strerror(errno);
    Fd read_end(fds[0]), write_end(fds[1]);
    const pid_t pid = fork();
    if (pid < 0)
        return std::string("could not start: fork: ") + std::strerror(errno);
    if (pid == 0) {
        // The child: only async-signal-safe calls until exec. Its own
        // process group (so a timeout kills what it started too), the
        // default SIGPIPE (the monitor ignores it), no blocked signals
        // (this thread blocks them all).
        setpgid(0, 0);
        signal(SIGPIPE, SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        if (dup2(read_end.get(), STDIN_FILENO) < 0)
            _exit(126);
        execl("/bin/sh", "sh", "-c", command_.c_str(), static_cast<char *>(nullptr));
        _exit(127);
    }
    setpgid(pid, pid); // also here: no race with a kill before the child ran
    read_end.reset();
    const uint64_t deadline = now_ms() + static_cast<uint64_t>(timeout_.count());
    // Feed stdin without blocking past the deadline; a command that does not
    // read it just gets EPIPE here, which is not its failure.
    fcntl(write_end.get(), F_SETFL, O_NONBLOCK);
    size_t written = 0;
    while (written < input.size() && now_ms() < deadline) {
        const ssize_t n = write(write_end.get(), input.data() + written, input.size() - written);
        if (n > 0) {
            written += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            break;
        pollfd p{write_end.get(), POLLOUT, 0};
        poll(&p, 1, 10);
    }
    write_end.reset();
    int status = 0;
    for (;;) {
        const pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            break;
        if (r < 0 && errno != EINTR)
            return std::string("could not be waited for: ") + std::strerror(errno);
        if (now_ms() >= deadline) {
            kill(-pid, SIGKILL);
            waitpid(pid, &status, 0);
            return "did not finish within " +
                   std::to_string(timeout_.count() / 1000.0).substr(0, 5) + " s: killed";
        }
        usleep(5000);
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return "";
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return "failed: command not found (exit status 127)";
    if (WIFEXITED(status))
        return "failed with exit status " + std::to_string(WEXITSTATUS(status));
    return std::string("was killed by signal ") + strsignal(WTERMSIG(status));
}

} // namespace netmon
