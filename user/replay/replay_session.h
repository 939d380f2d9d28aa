// One replay run: the XDP program loaded once, the capture files fed
// through it in order, each counted as its own "interface" (named as given
// on the command line), intervals closed on the capture's clock.
#pragma once

#include <memory>
#include <optional>

#include "capture/capture_reader.h"
#include "filter/filter_chain.h"
#include "interval/interval_driver.h"
#include "loader/generation_reader.h"
#include "loader/netmon_object.h"
#include "replay/batch_feeder.h"
#include "replay/frame_feeder.h"
#include "replay/interval_grid.h"
#include "replay/replay_options.h"
#include "replay/replay_progress.h"

namespace netmon::replay {

// The replay's output failed: it has been reported (or, for a reader that
// went away, deliberately not); the run ends with this exit code.
class OutputFailed : public std::exception {
  public:
    explicit OutputFailed(int exit_code) : exit_code_(exit_code) {}
    int exit_code() const { return exit_code_; }
    const char *what() const noexcept override { return "output failed"; }

  private:
    int exit_code_;
};

class ReplaySession {
  public:
    // Loads the program (and the filter: `filter_program` compiled from
    // opts.report.filter, or compiled here if empty); throws netmon::Error.
    explicit ReplaySession(const ReplayOptions &opts,
                           const std::vector<sock_filter> &filter_program = {});

    // Counts every frame of the file as interface `file_index`. A read
    // error is thrown after the frames before it were counted.
    void replay_file(size_t file_index, capture::CaptureReader &reader);

    // Prints the final snapshot, closed at the last frame's time.
    void finish();

    uint64_t frames() const { return progress_.frames(); }
    double elapsed_s() const { return progress_.elapsed_s(); }
    void notice(const std::string &text) { driver_.aggregator().notice(text); }

  private:
    // `rules` are built first: bad rules load nothing.
    ReplaySession(const ReplayOptions &opts, const std::vector<sock_filter> &filter_program,
                  std::unique_ptr<alerts::AlertEngine> rules);
    void count(const capture::CapturedFrame &frame);
    // Moves what the kernel counted into the aggregator.
    void harvest();
    void close(const IntervalClose &c, Snapshot::Kind kind);
    // Throws OutputFailed once an output (stdout) failed.
    void stop_if_output_failed();

    std::unique_ptr<NetmonObject> obj_;
    GenerationReader generations_;
    std::optional<filter::FilterChain> filter_;
    FrameFeeder feeder_;
    // Without --filter, frames that fit go in batches (the filter is a
    // program of its own that ends in a tail call: one frame per run).
    std::optional<BatchFeeder> batches_;
    IntervalDriver driver_;
    IntervalGrid grid_;
    ReplayProgress progress_;
    bool started_ = false;
    size_t file_index_ = 0;
    uint64_t fed_since_harvest_ = 0;
};

} // namespace netmon::replay
