#include "replay/replay_progress.h"

#include <unistd.h>

namespace netmon::replay {

std::string replay_summary(uint64_t frames, const std::string &source, double seconds)
{
    char rate[64] = "";
    if (seconds > 0)
        std::snprintf(rate, sizeof(rate), " (%.0f frames/s)",
                      static_cast<double>(frames) / seconds);
    char time[32];
    std::snprintf(time, sizeof(time), "%.3f", seconds);
    return "replayed " + std::to_string(frames) + (frames == 1 ? " frame" : " frames") + " from " +
           source + " in " + time + " s" + rate;
}

ReplayProgress::ReplayProgress(std::FILE *out)
    : out_(out), terminal_(isatty(fileno(out)) == 1), start_(Clock::now()), last_shown_(start_)
{
}

double ReplayProgress::elapsed_s() const
{
    return std::chrono::duration<double>(Clock::now() - start_).count();
}

void ReplayProgress::maybe_show()
{
    const auto now = Clock::now();
    if (now - last_shown_ < std::chrono::seconds(1))
        return;
    last_shown_ = now;
    const double seconds = elapsed_s();
    std::fprintf(out_, "\r\x1b[Kreplaying %s: %llu frames, %.0f frames/s", path_.c_str(),
                 static_cast<unsigned long long>(frames_), static_cast<double>(frames_) / seconds);
    std::fflush(out_);
    shown_ = true;
}

void ReplayProgress::clear()
{
    if (!shown_)
        return;
    std::fprintf(out_, "\r\x1b[K");
    std::fflush(out_);
    shown_ = false;
}

} // namespace netmon::replay
