// The programs the per-frame benchmarks compare, loaded and owned together:
// netmon-xdp itself, the pass-only floor and the straightforward reference.
#pragma once

#include <bpf/libbpf.h>

#include <memory>
#include <stdexcept>

#include "bench_pass.skel.h"
#include "loader/netmon_object.h"
#include "straightforward.skel.h"

namespace netmon::bench {

struct PassProgram {
    PassProgram() : skel_(bench_pass__open_and_load())
    {
        if (!skel_)
            throw std::runtime_error("cannot load the pass-only program");
    }
    ~PassProgram() { bench_pass__destroy(skel_); }
    PassProgram(const PassProgram &) = delete;
    PassProgram &operator=(const PassProgram &) = delete;
    int fd() const { return bpf_program__fd(skel_->progs.xdp_pass); }

  private:
    bench_pass *skel_;
};

struct StraightforwardProgram {
    explicit StraightforwardProgram(uint32_t max_flows) : skel_(straightforward__open())
    {
        if (!skel_)
            throw std::runtime_error("cannot open the straightforward program");
        if (bpf_map__set_max_entries(skel_->maps.flows, max_flows) ||
            straightforward__load(skel_)) {
            straightforward__destroy(skel_);
            throw std::runtime_error("cannot load the straightforward program");
        }
    }
    ~StraightforwardProgram() { straightforward__destroy(skel_); }
    StraightforwardProgram(const StraightforwardProgram &) = delete;
    StraightforwardProgram &operator=(const StraightforwardProgram &) = delete;
    int fd() const { return bpf_program__fd(skel_->progs.straightforward); }

  private:
    straightforward *skel_;
};

} // namespace netmon::bench
