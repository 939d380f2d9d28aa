// Ctrl-C (SIGINT), SIGTERM or SIGHUP during a replay: the first one stops
// it after the frame in hand, and the run ends as a finished one does, with
// the final summary of the frames counted so far (exit 128 + the signal).
// The first signal also interrupts a wait for data (a quiet pipe, a FIFO
// no one has opened yet): the read or open fails with EINTR, which the
// replay takes as the stop. The handler is then the default again, so a
// second signal ends the process at once.
#pragma once

#include <csignal>

namespace netmon::replay {

class ReplayInterrupt {
  public:
    ReplayInterrupt();  // catches the three signals on the process
    ~ReplayInterrupt(); // restores what was there before
    ReplayInterrupt(const ReplayInterrupt &) = delete;
    ReplayInterrupt &operator=(const ReplayInterrupt &) = delete;

    // The signal that asked the replay to stop; 0 if none did.
    static int signal();

  private:
    struct sigaction previous_[3]{};
};

} // namespace netmon::replay
