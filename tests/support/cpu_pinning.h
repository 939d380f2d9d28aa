// Pinning the calling thread to one CPU: a BPF test run counts into the
// flow table of the CPU it runs on, so tests and benchmarks choose it.
#pragma once

#include <sched.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace netmon::test {

// Keeps the calling thread on one CPU while alive: a test run counts into
// the flow table of the CPU it runs on, so tests about one table's capacity
// must not migrate half-way.
class PinnedToCpu {
  public:
    explicit PinnedToCpu(int cpu)
    {
        if (sched_getaffinity(0, sizeof(saved_), &saved_))
            throw std::runtime_error("sched_getaffinity: " + std::string(strerror(errno)));
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        if (sched_setaffinity(0, sizeof(one), &one))
            throw std::runtime_error("cannot pin to CPU " + std::to_string(cpu) + ": " +
                                     strerror(errno));
    }
    ~PinnedToCpu() { sched_setaffinity(0, sizeof(saved_), &saved_); }
    PinnedToCpu(const PinnedToCpu &) = delete;
    PinnedToCpu &operator=(const PinnedToCpu &) = delete;

    // CPUs this thread may run on (honours taskset/cgroups), lowest first.
    static std::vector<int> allowed()
    {
        cpu_set_t set;
        std::vector<int> cpus;
        if (sched_getaffinity(0, sizeof(set), &set) == 0)
            for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
                if (CPU_ISSET(cpu, &set))
                    cpus.push_back(cpu);
        return cpus;
    }

  private:
    cpu_set_t saved_;
};

} // namespace netmon::test
