// bench part 1: what the per-host counters (bpf/host_counters.h) add per
// frame. The same frames through netmon with a /16 of local addresses that
// holds every frame's destination, and through netmon without local
// networks (the reference column). Budget: +15 ns (issue 24).
#pragma once

#include <cstdio>
#include <random>
#include <vector>

#include "bench_report.h"
#include "flow_frames.h"
#include "netaddr/host_layout.h"
#include "programs.h"
#include "test_run.h"

namespace netmon::bench {

inline void measure_host_counters(int runs, uint32_t flows, uint32_t sample, uint32_t hot_repeat,
                                  PassProgram &pass)
{
    progress("per-frame cost of the per-host counters, " + std::to_string(flows) + " flows");
    LocalNets nets;
    nets.add("10.77.0.0/16"); // FlowFrames' destination, 10.77.0.99
    const HostLayout layout(nets);
    auto hosts = NetmonObject::load({.max_flows = flows, .hosts = layout.config()});
    auto plain = NetmonObject::load({.max_flows = flows});
    FlowFrames frames(4);
    for (uint32_t i = 0; i < flows; i++) {
        test_run_ns(hosts->xdp_prog_fd(), frames.frame(i));
        test_run_ns(plain->xdp_prog_fd(), frames.frame(i));
    }
    std::mt19937 rng(flows);
    std::vector<double> m, f, r;
    for (int run = 0; run < runs; run++) {
        if (flows == 1) {
            m.push_back(test_run_ns(hosts->xdp_prog_fd(), frames.frame(0), hot_repeat));
            f.push_back(test_run_ns(pass.fd(), frames.frame(0), hot_repeat));
            r.push_back(test_run_ns(plain->xdp_prog_fd(), frames.frame(0), hot_repeat));
            continue;
        }
        std::uniform_int_distribution<uint32_t> pick(0, flows - 1);
        std::vector<uint32_t> indices(std::min(flows, sample));
        for (auto &i : indices)
            i = pick(rng);
        auto mean = [&](int fd) {
            uint64_t total = 0;
            for (uint32_t i : indices)
                total += test_run_ns(fd, frames.frame(i));
            return static_cast<double>(total) / static_cast<double>(indices.size());
        };
        m.push_back(mean(hosts->xdp_prog_fd()));
        f.push_back(mean(pass.fd()));
        r.push_back(mean(plain->xdp_prog_fd()));
    }
    const Summary sm = summarize(m), sf = summarize(f), sr = summarize(r);
    char what[96], detail[64];
    std::snprintf(what, sizeof(what), "IPv4, %u flow(s), per-host counters (/16 local)", flows);
    const double added = sm.median - sr.median;
    std::snprintf(detail, sizeof(detail), "%+.1f ns over netmon without (ref)", added);
    print_row({"1 per frame (kernel)", what, "ns/frame", sm, sf, sr,
               "target <= +15 ns: " + verdict(added <= 15, detail)});
}

} // namespace netmon::bench
