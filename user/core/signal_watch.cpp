#include "core/signal_watch.h"

#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>

#include "core/error.h"

namespace netmon {

SignalWatch::SignalWatch()
{
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGTERM);
    // A closed terminal is a normal way to stop: same clean end as SIGTERM.
    sigaddset(&mask, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &mask, &previous_);
    fd_.reset(signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK));
    if (!fd_)
        throw Error(errno_message("cannot watch for signals", -errno));
}

SignalWatch::~SignalWatch() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

int SignalWatch::read_signal()
{
    signalfd_siginfo info{};
    if (read(fd_.get(), &info, sizeof(info)) != sizeof(info))
        return 0;
    return static_cast<int>(info.ssi_signo);
}

} // namespace netmon
