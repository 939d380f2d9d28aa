// The one wrapper around BPF_PROG_TEST_RUN that tests and benchmarks share:
// runs a program (XDP or TC) on a frame, optionally `repeat` times, and
// returns what the kernel reported. Callers add only what is theirs.
#pragma once

#include <bpf/bpf.h>

#include <cstdint>
#include <span>
#include <vector>

namespace netmon::test {

struct ProgRun {
    int err = 0;              // bpf_prog_test_run_opts(): 0 or -errno
    uint32_t retval = 0;      // the program's verdict
    uint32_t duration_ns = 0; // mean per run, with repeat
    std::vector<uint8_t> out; // the frame as the program left it
};

struct ProgRunOptions {
    uint32_t repeat = 1;
    // With a context (xdp_md), its `data` bytes at the start of the input
    // become XDP metadata.
    const void *ctx = nullptr;
    uint32_t ctx_size = 0;
    bool keep_output = true;
};

inline ProgRun prog_test_run(int prog_fd, std::span<const uint8_t> data,
                             const ProgRunOptions &o = {})
{
    ProgRun r;
    // Room for the frame plus anything a program could grow it by; the
    // kernel clamps data_size_out only when a size is given.
    if (o.keep_output)
        r.out.resize(data.size() + 4096);
    LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = data.data(),
                .data_out = o.keep_output ? r.out.data() : nullptr,
                .data_size_in = static_cast<uint32_t>(data.size()),
                .data_size_out = static_cast<uint32_t>(r.out.size()), .ctx_in = o.ctx,
                .ctx_size_in = o.ctx_size, .repeat = static_cast<int>(o.repeat));
    r.err = bpf_prog_test_run_opts(prog_fd, &opts);
    r.retval = opts.retval;
    r.duration_ns = opts.duration;
    r.out.resize(r.err || !o.keep_output ? 0 : opts.data_size_out);
    return r;
}

} // namespace netmon::test
