#include "replay/replay_interrupt.h"

#include <atomic>

namespace netmon::replay {

namespace {

constexpr int kSignals[3] = {SIGINT, SIGTERM, SIGHUP};

// Written by the handler, read by the replay loop between frames.
std::atomic<int> g_stop_signal{0};
static_assert(std::atomic<int>::is_always_lock_free,
              "a signal handler may only touch lock-free atomics");

extern "C" void note_stop(int sig) { g_stop_signal.store(sig, std::memory_order_relaxed); }

} // namespace

ReplayInterrupt::ReplayInterrupt()
{
    g_stop_signal.store(0, std::memory_order_relaxed);
    struct sigaction act {};
    act.sa_handler = note_stop;
    sigemptyset(&act.sa_mask);
    // No SA_RESTART: a read or open waiting for a pipe's data returns
    // EINTR instead of waiting on; SA_RESETHAND: the next signal has the
    // default action.
    act.sa_flags = SA_RESETHAND;
    for (int i = 0; i < 3; i++)
        sigaction(kSignals[i], &act, &previous_[i]);
}

ReplayInterrupt::~ReplayInterrupt()
{
    for (int i = 0; i < 3; i++)
        sigaction(kSignals[i], &previous_[i], nullptr);
}

int ReplayInterrupt::signal() { return g_stop_signal.load(std::memory_order_relaxed); }

} // namespace netmon::replay
