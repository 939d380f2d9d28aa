// The live monitor's harvest time per interval, as a Prometheus histogram:
// cumulative bucket counts since start.
#pragma once

#include <array>
#include <cstdint>

namespace netmon::http {

class PollHistogram {
  public:
    // Upper bounds in seconds: a harvest takes about a millisecond idle and
    // grows with the flows harvested; past a second the interval slips.
    static constexpr std::array<double, 10> kBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                       0.025,  0.05,  0.1,    0.25,  1.0};

    void observe(double seconds)
    {
        for (size_t i = 0; i < kBounds.size(); i++)
            if (seconds <= kBounds[i])
                buckets_[i]++;
        count_++;
        sum_ += seconds;
    }
    // Observations <= kBounds[i] (cumulative, as the format wants).
    uint64_t bucket(size_t i) const { return buckets_[i]; }
    uint64_t count() const { return count_; }
    double sum() const { return sum_; }

  private:
    std::array<uint64_t, kBounds.size()> buckets_{};
    uint64_t count_ = 0;
    double sum_ = 0;
};

} // namespace netmon::http
