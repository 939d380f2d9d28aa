// SIGINT/SIGTERM/SIGHUP delivered through a signalfd, so a poll loop sees them
// as one more readable fd instead of an interrupted syscall (the live
// monitor's loop; the filter compiler's wait for its child).
#pragma once

#include <csignal>

#include "core/fd.h"

namespace netmon {

class SignalWatch {
  public:
    SignalWatch();  // blocks SIGINT, SIGTERM and SIGHUP for this thread
    ~SignalWatch(); // restores the previous mask
    SignalWatch(const SignalWatch &) = delete;
    SignalWatch &operator=(const SignalWatch &) = delete;

    int fd() const { return fd_.get(); }
    // The pending signal's number, 0 if none.
    int read_signal();

  private:
    sigset_t previous_{};
    Fd fd_;
};

} // namespace netmon
