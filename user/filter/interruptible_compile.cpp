#include "filter/interruptible_compile.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>

#include "core/error.h"
#include "core/fd.h"
#include "core/signal_watch.h"
#include "core/write_all.h"
#include "filter/pcap_compile.h"

namespace netmon::filter {

namespace {

// What the child writes: a header, then `length` bytes of instructions
// (ok) or of the error message.
struct ReplyHeader {
    int32_t exit_code; // 0: compiled; else the Error's exit code
    uint32_t length;
};

[[noreturn]] void run_child(int out_fd, const std::string &expression)
{
    // Dies with the parent (kill -9 included) instead of compiling on.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    std::string payload;
    ReplyHeader header{0, 0};
    try {
        const auto program = compile_pcap_filter(expression);
        payload.assign(reinterpret_cast<const char *>(program.data()),
                       program.size() * sizeof(sock_filter));
    } catch (const Error &e) {
        header.exit_code = e.exit_code() ? e.exit_code() : kExitFailure;
        payload = e.what();
    } catch (const std::exception &e) {
        header.exit_code = kExitFailure;
        payload = e.what();
    }
    header.length = static_cast<uint32_t>(payload.size());
    const bool sent = write_all(out_fd, std::string_view(reinterpret_cast<const char *>(&header),
                                                         sizeof(header))) == 0 &&
                      write_all(out_fd, payload) == 0;
    _exit(sent ? 0 : 1); // no atexit handlers or stdio flushes of the parent's
}

class Child {
  public:
    explicit Child(pid_t pid) : pid_(pid) {}
    ~Child()
    {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            reap();
        }
    }
    void reap()
    {
        while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
        }
        pid_ = -1;
    }

  private:
    pid_t pid_;
};

} // namespace

std::vector<sock_filter> compile_pcap_filter_interruptible(const std::string &expression)
{
    SignalWatch signals; // before the fork: the child inherits them blocked
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        throw Error(errno_message("cannot create a pipe for the filter compiler", -errno));
    Fd read_end(fds[0]), write_end(fds[1]);
    const pid_t pid = fork();
    if (pid < 0)
        throw Error(errno_message("cannot start the filter compiler", -errno));
    if (pid == 0)
        run_child(write_end.get(), expression);
    Child child(pid);
    write_end.reset();

    std::string reply;
    for (;;) {
        pollfd pfds[2] = {{signals.fd(), POLLIN, 0}, {read_end.get(), POLLIN, 0}};
        if (poll(pfds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            throw Error(errno_message("poll failed", -errno));
        }
        if (pfds[0].revents & POLLIN) {
            const int sig = signals.read_signal();
            throw Error(std::string("interrupted by SIG") + sigabbrev_np(sig) +
                            " while compiling the filter; nothing was attached",
                        128 + sig);
        }
        char buf[65536];
        ssize_t n = read(read_end.get(), buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            throw Error(errno_message("cannot read from the filter compiler", -errno));
        if (n == 0)
            break;
        reply.append(buf, static_cast<size_t>(n));
    }
    child.reap();

    ReplyHeader header{};
    if (reply.size() < sizeof(header))
        throw Error("the filter compiler died without an answer");
    std::memcpy(&header, reply.data(), sizeof(header));
    if (reply.size() != sizeof(header) + header.length)
        throw Error("the filter compiler's answer was cut short");
    const char *payload = reply.data() + sizeof(header);
    if (header.exit_code != 0)
        throw Error(std::string(payload, header.length), header.exit_code);
    if (header.length % sizeof(sock_filter) != 0)
        throw Error("the filter compiler's answer was malformed");
    std::vector<sock_filter> program(header.length / sizeof(sock_filter));
    std::memcpy(program.data(), payload, header.length);
    return program;
}

} // namespace netmon::filter
