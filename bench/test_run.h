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

namespace netmon::bench {

inline uint32_t test_run_ns(int prog_fd, const test::Bytes &frame, uint32_t repeat = 1)
{
    LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame.data(),
                .data_size_in = static_cast<uint32_t>(frame.size()), .repeat = static_cast<int>(repeat));
    if (int err = bpf_prog_test_run_opts(prog_fd, &opts))
        throw std::runtime_error(std::string("BPF_PROG_TEST_RUN failed: ") + std::strerror(-err));
    return opts.duration;
}

} // namespace netmon::bench
