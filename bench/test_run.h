// One BPF_PROG_TEST_RUN of an XDP program: the kernel runs it `repeat`
// times on the frame and reports the mean ns per run.
#pragma once

#include <bpf/bpf.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

#include "support/frame_builder.h"
#include "support/prog_test_run.h"

namespace netmon::bench {

inline uint32_t test_run_ns(int prog_fd, const test::Bytes &frame, uint32_t repeat = 1)
{
    test::ProgRun r = test::prog_test_run(prog_fd, frame, {.repeat = repeat, .keep_output = false});
    if (r.err)
        throw std::runtime_error(std::string("BPF_PROG_TEST_RUN failed: ") + std::strerror(-r.err));
    return r.duration_ns;
}

} // namespace netmon::bench
