// bench_generator: sends N real frames out of a veth from inside the kernel:
// BPF_PROG_TEST_RUN with BPF_F_TEST_XDP_LIVE_FRAMES runs redirect_gen's
// program once per frame, and its bpf_redirect() transmits the frame on
// --dev. With --flows N the frames spread over N UDP flows, each visited
// once a round (the program rewrites the source port, and past 50 000 flows
// the source address too); with --seconds it sends for that long instead
// of --frames; with --zipf S the frames follow a Zipf distribution over the
// flows, and with --random-order each frame's flow is drawn uniformly at
// random, instead of visiting each once a round. Prints "sent=N seconds=S"
// on stdout.
#include <CLI/CLI.hpp>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <net/if.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <vector>

#include "bench_report.h"
#include "redirect_gen.skel.h"
#include "support/frame_builder.h"
#include "zipf.h"

namespace netmon::bench {
namespace {

struct Options {
    std::string dev;
    std::string src_mac, dst_mac;
    uint32_t frames = 1000000;
    uint32_t flows = 1;
    uint16_t first_port = 10000; // source port of the first flow
    double seconds = 0;          // > 0: send for this long, whatever --frames says
    bool ipv6 = false;
    double zipf = 0;           // > 0: Zipf exponent of the frames' flows
    bool random_order = false; // each frame's flow uniformly at random
    uint32_t chunk = 100000;   // frames per syscall: keeps each one short
};

// Draws in the --zipf sequence the program cycles through: 4 MiB, read in
// order, so the generator's own reads stream.
constexpr uint32_t kSequenceLength = 1u << 20;

struct SkelDeleter {
    void operator()(redirect_gen *s) const { redirect_gen__destroy(s); }
};

// The sender's address (10.77.0.2, bench/lib.sh), host order: the first
// flows' source, the next ones' counting up from it.
constexpr uint32_t kSourceAddress = 10u << 24 | 77u << 16 | 2u;
// --ipv6: fd77::2, the last 32 bits (2) counting up past the ports.
constexpr const char *kSource6 = "fd77::2";
constexpr uint32_t kSourceAddress6Low = 2;

std::array<uint8_t, 4> to_bytes(uint32_t addr)
{
    return {static_cast<uint8_t>(addr >> 24), static_cast<uint8_t>(addr >> 16),
            static_cast<uint8_t>(addr >> 8), static_cast<uint8_t>(addr)};
}

// The --zipf sequence: kSequenceLength draws over `flows`, the same each
// run (a fixed seed), written in one batch.
void fill_zipf_sequence(int map_fd, uint32_t flows, double s)
{
    ZipfPicker pick(flows, s);
    std::mt19937 rng(31);
    std::vector<uint32_t> keys(kSequenceLength), values(kSequenceLength);
    for (uint32_t i = 0; i < kSequenceLength; i++) {
        keys[i] = i;
        values[i] = pick(rng);
    }
    uint32_t count = kSequenceLength;
    if (bpf_map_update_batch(map_fd, keys.data(), values.data(), &count, nullptr))
        throw std::runtime_error(std::string("cannot write the Zipf sequence: ") +
                                 std::strerror(errno));
}

int run(const Options &o)
{
    unsigned ifindex = if_nametoindex(o.dev.c_str());
    if (!ifindex)
        throw std::runtime_error("no interface " + o.dev);
    std::unique_ptr<redirect_gen, SkelDeleter> skel(redirect_gen__open());
    if (!skel)
        throw std::runtime_error("cannot open the generator program");
    skel->rodata->target_ifindex = ifindex;
    skel->rodata->flows = o.flows;
    skel->rodata->source_port_base = o.first_port;
    // Ports from --first-port up, at most 50 000 and never past 65 535; more
    // flows than that take the next source addresses.
    const uint32_t ports = std::min<uint32_t>(50000, 65536 - o.first_port);
    skel->rodata->ports_per_address = ports;
    skel->rodata->source_address = o.ipv6 ? kSourceAddress6Low : kSourceAddress;
    skel->rodata->ipv6 = o.ipv6;
    const bool zipf = o.zipf > 0 && o.flows > 1;
    skel->rodata->sequence_length = zipf ? kSequenceLength : 0;
    skel->rodata->random_order = o.random_order;
    if (zipf)
        bpf_map__set_max_entries(skel->maps.flow_sequence, kSequenceLength);
    if (redirect_gen__load(skel.get()))
        throw std::runtime_error("cannot load the generator program");
    if (zipf)
        fill_zipf_sequence(bpf_map__fd(skel->maps.flow_sequence), o.flows, o.zipf);

    using namespace netmon::test;
    // 60 bytes (64 on a wire with FCS) to an address nobody has: the
    // receiver's stack drops it quietly after XDP (forwarding is off).
    FrameBuilder builder;
    builder.ethernet(parse_mac(o.src_mac), parse_mac(o.dst_mac));
    if (o.ipv6)
        builder.ipv6(parse_ipv6(kSource6), parse_ipv6("fd77::99"));
    else
        builder.ipv4(to_bytes(kSourceAddress), parse_ipv4("10.77.0.99"));
    Bytes frame = builder.udp(40000, 5201).payload(o.ipv6 ? 0 : 18).build();
    Stopwatch watch;
    uint64_t sent = 0;
    // Timed sends use smaller chunks so that they stop close to the time.
    const uint32_t chunk = o.seconds > 0 ? 10000 : o.chunk;
    while (o.seconds > 0 ? watch.wall_ms() < o.seconds * 1000 : sent < o.frames) {
        uint32_t n = o.seconds > 0
                         ? chunk
                         : static_cast<uint32_t>(std::min<uint64_t>(chunk, o.frames - sent));
        LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame.data(),
                    .data_size_in = static_cast<uint32_t>(frame.size()),
                    .repeat = static_cast<int>(n), .flags = BPF_F_TEST_XDP_LIVE_FRAMES);
        if (int err =
                bpf_prog_test_run_opts(bpf_program__fd(skel->progs.redirect_to_sender), &opts))
            throw std::runtime_error(std::string("live-frames test run failed: ") +
                                     std::strerror(-err));
        sent += n;
    }
    std::printf("sent=%llu seconds=%.6f\n", static_cast<unsigned long long>(sent),
                watch.wall_ms() / 1000);
    return 0;
}

} // namespace
} // namespace netmon::bench

int main(int argc, char **argv)
{
    netmon::bench::Options o;
    CLI::App app{"Send frames out of a veth with XDP live-frames test runs"};
    app.add_option("--dev", o.dev, "Interface to send on")->required();
    app.add_option("--src-mac", o.src_mac, "Source MAC")->required();
    app.add_option("--dst-mac", o.dst_mac, "Destination MAC (the receiver's)")->required();
    app.add_option("--frames", o.frames, "Frames to send");
    app.add_option("--flows", o.flows,
                   "UDP flows to spread the frames over (source ports, then source addresses)")
        ->check(CLI::Range(1, 1000000));
    app.add_option("--first-port", o.first_port,
                   "Source port of the first flow (new ports: new flows, e.g. for bench/rss.sh)")
        ->check(CLI::Range(1, 65535));
    app.add_flag("--ipv6", o.ipv6, "IPv6 frames (fd77::2 to fd77::99) instead of IPv4");
    app.add_option("--seconds", o.seconds, "Send for this long instead of --frames")
        ->check(CLI::PositiveNumber);
    app.add_option("--zipf", o.zipf,
                   "Zipf exponent: frames over the flows with weights 1/(k+1)^S (a few heavy "
                   "flows, a long tail) instead of each flow once a round")
        ->check(CLI::Range(0.1, 10.0));
    app.add_flag("--random-order", o.random_order,
                 "Each frame's flow drawn uniformly at random (no order a cache could follow) "
                 "instead of each flow once a round")
        ->excludes("--zipf");
    CLI11_PARSE(app, argc, argv);
    try {
        return netmon::bench::run(o);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_generator: %s\n", e.what());
        return 1;
    }
}
