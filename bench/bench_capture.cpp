// bench_capture: the replay benchmark's two halves.
//   write FILE --frames N --flows F : a pcap of N frames cycling over F flows
//                                     (tests' FrameBuilder, libpcap pcap_dump)
//   floor FILE [--runs R]           : reads FILE and test-runs the pass-only
//                                     program once per frame: the floor of
//                                     `netmon-xdp replay FILE`; prints a row.
#include <CLI/CLI.hpp>
#include "filter/pcap_header.h"

#include <cstdio>
#include <vector>

#include "bench_report.h"
#include "flow_frames.h"
#include "programs.h"
#include "test_run.h"

namespace netmon::bench {
namespace {

struct PcapCloser {
    void operator()(pcap_t *p) const { pcap_close(p); }
};
struct DumperCloser {
    void operator()(pcap_dumper_t *d) const { pcap_dump_close(d); }
};
using Pcap = std::unique_ptr<pcap_t, PcapCloser>;

void write_capture(const std::string &path, uint32_t frames, uint32_t flows)
{
    Pcap pcap(pcap_open_dead(DLT_EN10MB, 65535));
    std::unique_ptr<pcap_dumper_t, DumperCloser> dumper(pcap_dump_open(pcap.get(), path.c_str()));
    if (!dumper)
        throw std::runtime_error("cannot write " + path + ": " + pcap_geterr(pcap.get()));
    FlowFrames v4(4), v6(6);
    for (uint32_t i = 0; i < frames; i++) {
        // Every tenth frame IPv6; one frame per microsecond of capture time.
        const test::Bytes &f = i % 10 == 9 ? v6.frame(i % flows) : v4.frame(i % flows);
        pcap_pkthdr hdr{};
        hdr.ts.tv_sec = 1700000000 + i / 1000000;
        hdr.ts.tv_usec = i % 1000000;
        hdr.caplen = hdr.len = static_cast<uint32_t>(f.size());
        pcap_dump(reinterpret_cast<u_char *>(dumper.get()), &hdr, f.data());
    }
}

// Frames/s of reading FILE and test-running the pass program on each frame.
double floor_rate(const std::string &path, PassProgram &pass)
{
    char err[PCAP_ERRBUF_SIZE];
    Pcap pcap(pcap_open_offline(path.c_str(), err));
    if (!pcap)
        throw std::runtime_error(err);
    Stopwatch watch;
    uint64_t frames = 0;
    pcap_pkthdr *hdr;
    const u_char *data;
    test::Bytes frame;
    while (pcap_next_ex(pcap.get(), &hdr, &data) == 1) {
        frame.assign(data, data + hdr->caplen);
        test_run_ns(pass.fd(), frame);
        frames++;
    }
    return frames / (watch.wall_ms() / 1000);
}

} // namespace
} // namespace netmon::bench

int main(int argc, char **argv)
{
    using namespace netmon::bench;
    CLI::App app{"Replay benchmark: write a capture, or measure its floor"};
    app.require_subcommand(1);
    std::string path;
    uint32_t frames = 2000000, flows = 10000;
    int runs = 3;
    auto *write = app.add_subcommand("write", "Write a capture");
    write->add_option("file", path)->required();
    write->add_option("--frames", frames);
    write->add_option("--flows", flows);
    auto *floor = app.add_subcommand("floor", "Test-run the pass program over a capture");
    floor->add_option("file", path)->required();
    floor->add_option("--runs", runs);
    CLI11_PARSE(app, argc, argv);
    try {
        if (*write) {
            write_capture(path, frames, flows);
            return 0;
        }
        PassProgram pass;
        std::vector<double> rates;
        for (int r = 0; r < runs; r++) {
            progress("replay floor, run " + std::to_string(r + 1));
            rates.push_back(floor_rate(path, pass));
        }
        Summary s = summarize(rates);
        std::printf("floor\t%.0f\t%.0f\t%.0f\n", s.median, s.min, s.max);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_capture: %s\n", e.what());
        return 1;
    }
    return 0;
}
