// The full-screen dashboard on a terminal (ncurses, alternate screen).
//
// All curses calls happen on one thread of the sink's own: consume() only
// hands the snapshot over, so keys are answered at once even between
// intervals. `q` asks the run to stop (Sink::allow_stop_requests), exactly
// as Ctrl-C does; the run then publishes its Final snapshot, and the sink
// leaves the alternate screen and prints the plain final summary on the
// normal screen, where it stays. Every other way out (SIGTERM, --duration,
// an exception unwinding the run) goes through the same Final or close(),
// and fatal signals restore the terminal before the process dies.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "core/fd.h"
#include "sinks/fd_writer.h"
#include "sinks/sink.h"
#include "tui/rate_history.h"
#include "tui/service_names.h"
#include "tui/view_state.h"

namespace netmon::tui {

class DashboardSink : public Sink {
  public:
    // `top_n`: rows per list of the final text summary.
    explicit DashboardSink(size_t top_n);
    ~DashboardSink() override;

    std::string name() const override { return "dashboard"; }
    void consume(const SnapshotPtr &snapshot) override;
    void close() override;
    void allow_stop_requests(const std::function<void()> &stop) override { stop_run_ = stop; }

  private:
    void start();
    void stop_screen(); // joins the screen thread: the terminal is restored after
    void screen_loop();
    void draw();
    void read_keys();

    size_t top_n_;
    FdWriter out_;
    std::function<void()> stop_run_;
    std::thread screen_;
    Fd wake_; // eventfd: a snapshot arrived or the screen must end

    std::mutex mu_; // guards pending_ and ending_
    SnapshotPtr pending_;
    bool ending_ = false;

    // The screen thread's own.
    SnapshotPtr shown_;
    RateHistory history_;
    ViewState view_;
    ServiceNames services_;
    bool quit_sent_ = false;
};

} // namespace netmon::tui
