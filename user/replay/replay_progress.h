// What replay tells the user on stderr about its own speed: a progress line
// while it runs (only on a terminal, only for runs longer than a second)
// and one closing line with the rate.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace netmon::replay {

// "replayed 1000 frames from a.pcap in 0.25 s (4000 frames/s)"; several
// files are named by their number ("from 3 files").
std::string replay_summary(uint64_t frames, const std::string &source, double seconds);

class ReplayProgress {
  public:
    explicit ReplayProgress(std::FILE *out = stderr);

    void begin_file(const std::string &path) { path_ = path; }
    // Called for every frame; looks at the clock once every few thousand.
    void frame_done()
    {
        if (++frames_ % kFramesPerCheck == 0 && terminal_)
            maybe_show();
    }
    uint64_t frames() const { return frames_; }
    double elapsed_s() const;
    // Erases the progress line, if one was shown.
    void clear();

  private:
    static constexpr uint64_t kFramesPerCheck = 16384;
    using Clock = std::chrono::steady_clock;

    void maybe_show();

    std::FILE *out_;
    bool terminal_;
    bool shown_ = false;
    Clock::time_point start_;
    Clock::time_point last_shown_;
    std::string path_;
    uint64_t frames_ = 0;
};

} // namespace netmon::replay
