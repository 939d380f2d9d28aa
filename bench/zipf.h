// Flow indices drawn from a Zipf distribution over [0, flows): flow k (from
// 0) has weight 1 / (k + 1)^s, so a few flows carry most frames and the
// rest a long tail, as real traffic does. Shared by the test-run rows
// (bench_xdp_cost) and the live ones (bench_generator --zipf).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace netmon::bench {

class ZipfPicker {
  public:
    ZipfPicker(uint32_t flows, double s) : cdf_(flows)
    {
        double sum = 0;
        for (uint32_t k = 0; k < flows; k++)
            cdf_[k] = sum += 1.0 / std::pow(k + 1.0, s);
        for (double &c : cdf_)
            c /= sum;
    }
    uint32_t operator()(std::mt19937 &rng)
    {
        const double u = std::uniform_real_distribution<double>(0, 1)(rng);
        const auto at = std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin();
        return static_cast<uint32_t>(std::min<size_t>(at, cdf_.size() - 1));
    }

  private:
    std::vector<double> cdf_;
};

} // namespace netmon::bench
