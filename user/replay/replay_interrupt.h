// Ctrl-C (SIGINT), SIGTERM or SIGHUP during a replay: the first one stops
// it after the frame in hand, and the run ends as a finished one does, with
// the final summary of the frames counted so far (exit 128 + the signal).
// The handler is then the default again, so a second signal ends the
// process at once: a replay from a pipe that waits for data would
// otherwise keep the first one waiting.
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
