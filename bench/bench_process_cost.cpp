// bench_process_cost: what process attribution (docs/process.md) costs, with
// the socket programs of bpf/sockets.bpf.c attached (on) and without them
// (off), on and off alternating run by run so the machine's load hits both:
//  - per frame in XDP (BPF_PROG_TEST_RUN, as part 1): the socket programs
//    add nothing to netmon's XDP program, and this measures that;
//  - per datagram a local socket sends and receives (UDP on loopback: one
//    frame each way): the raw tracepoints on send and receive run here;
//  - per new TCP connection on loopback (connect, accept, one byte each
//    way, close): the first record of both sockets and the close mark.
// Figures only: nothing is asserted.
#include <CLI/CLI.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_report.h"
#include "core/fd.h"
#include "flow_frames.h"
#include "process/process_attribution.h"
#include "programs.h"
#include "test_run.h"

namespace netmon::bench {
namespace {

struct Options {
    int runs = 5;
    uint32_t hot_repeat = 1000000;
    uint32_t datagrams = 20000;  // per run
    uint32_t connections = 1000; // per run: both ends stay within the socket table
};

[[noreturn]] void fail(const std::string &what)
{
    throw std::runtime_error(what + ": " + std::strerror(errno));
}

Fd make_socket(int type)
{
    Fd fd(socket(AF_INET, type, 0));
    if (fd.get() < 0)
        fail("socket");
    return fd;
}

// A socket bound to 127.0.0.1 on a port the kernel picks; returns its address.
sockaddr_in bind_loopback(int fd)
{
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len) != 0)
        fail("bind 127.0.0.1");
    return a;
}

double now_ns()
{
    return static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

// ns per datagram: one sendto and one recv of 64 bytes over loopback.
double udp_round(uint32_t datagrams)
{
    Fd rx = make_socket(SOCK_DGRAM), tx = make_socket(SOCK_DGRAM);
    const sockaddr_in to = bind_loopback(rx.get());
    char buf[64] = {};
    const double t0 = now_ns();
    for (uint32_t i = 0; i < datagrams; i++) {
        if (sendto(tx.get(), buf, sizeof buf, 0, reinterpret_cast<const sockaddr *>(&to),
                   sizeof to) != static_cast<ssize_t>(sizeof buf) ||
            recv(rx.get(), buf, sizeof buf, 0) != static_cast<ssize_t>(sizeof buf))
            fail("UDP over loopback");
    }
    return (now_ns() - t0) / datagrams;
}

// µs per connection: connect, accept, a byte each way, close both.
double tcp_connections(uint32_t connections)
{
    Fd listener = make_socket(SOCK_STREAM);
    const int one = 1;
    setsockopt(listener.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    const sockaddr_in to = bind_loopback(listener.get());
    if (listen(listener.get(), 64) != 0)
        fail("listen");
    char byte = 'x';
    const double t0 = now_ns();
    for (uint32_t i = 0; i < connections; i++) {
        Fd client = make_socket(SOCK_STREAM);
        if (connect(client.get(), reinterpret_cast<const sockaddr *>(&to), sizeof to) != 0)
            fail("connect");
        Fd server(accept(listener.get(), nullptr, nullptr));
        if (server.get() < 0 || send(client.get(), &byte, 1, 0) != 1 ||
            recv(server.get(), &byte, 1, 0) != 1 || send(server.get(), &byte, 1, 0) != 1 ||
            recv(client.get(), &byte, 1, 0) != 1)
            fail("a byte each way");
        // The server closes first: TIME_WAIT stays on its side, so the
        // client's ephemeral ports never run out.
    }
    return (now_ns() - t0) / connections / 1000;
}

// Runs `measure` with attribution off and on (the programs loaded and
// attached, as `attach` does), `runs` times each; which comes first
// alternates, so neither always runs on a machine the other just warmed.
void off_and_on(const Options &o, const std::function<double()> &measure, std::vector<double> &off,
                std::vector<double> &on)
{
    for (int run = 0; run < o.runs; run++) {
        if (run % 2 == 0)
            off.push_back(measure());
        {
            auto attribution = process::ProcessAttribution::start();
            on.push_back(measure());
        }
        if (run % 2 == 1)
            off.push_back(measure());
    }
}

std::string added(const Summary &on, const Summary &off, const char *unit)
{
    char text[96];
    std::snprintf(text, sizeof text, "attribution adds %+.1f %s (on %.1f, off %.1f: ref)",
                  on.median - off.median, unit, on.median, off.median);
    return text;
}

void per_frame(const Options &o, PassProgram &pass)
{
    progress("per-frame cost in XDP with attribution off and on");
    auto netmon = NetmonObject::load({.max_flows = 1024});
    FlowFrames frames(4);
    std::vector<double> off, on, floor;
    off_and_on(
        o,
        [&] {
            floor.push_back(test_run_ns(pass.fd(), frames.frame(0), o.hot_repeat));
            return test_run_ns(netmon->xdp_prog_fd(), frames.frame(0), o.hot_repeat);
        },
        off, on);
    const Summary son = summarize(on), soff = summarize(off);
    print_row({"1 per frame (kernel)", "XDP with attribution, IPv4 UDP, 1 flow (hot)", "ns/frame",
               son, summarize(floor), soff, added(son, soff, "ns") + "; issue 30: at most 20 ns"});
}

// A cost local sockets pay, as one row of the table: what the workload is,
// its unit and the unit of the difference, and where attribution spends it.
struct SocketCost {
    std::string what;
    const char *unit;
    const char *added_unit;
    const char *where;
};

void socket_cost(const Options &o, const std::string &cost, const std::function<double()> &measure,
                 const SocketCost &row)
{
    progress(cost + " with attribution off and on");
    std::vector<double> off, on;
    off_and_on(o, measure, off, on);
    const Summary son = summarize(on), soff = summarize(off);
    print_row({"1 process attribution", row.what, row.unit, son, std::nullopt, soff,
               added(son, soff, row.added_unit) + row.where});
}

void per_datagram(const Options &o)
{
    socket_cost(o, "per-datagram cost of a local UDP socket",
                [&] { return udp_round(o.datagrams); },
                {"local UDP, sendto + recv on loopback (" + std::to_string(o.datagrams) + " a run)",
                 "ns/datagram", "ns", " (a tracepoint on send and one on receive)"});
}

void per_connection(const Options &o)
{
    socket_cost(o, "per-connection cost of local TCP",
                [&] { return tcp_connections(o.connections); },
                {"new TCP connection on loopback, a byte each way (" +
                     std::to_string(o.connections) + " a run)",
                 "us/connection", "us", " (both ends recorded, then marked closed)"});
}

} // namespace
} // namespace netmon::bench

namespace {

int run(int argc, char **argv)
{
    using namespace netmon::bench;
    Options o;
    CLI::App app{"What process attribution costs: per XDP frame, per local datagram, per new "
                 "connection"};
    app.add_option("--runs", o.runs, "Runs per measurement, off and on alternating")
        ->check(CLI::Range(1, 1000));
    app.add_option("--hot-repeat", o.hot_repeat, "Repeat count of the hot frame in XDP")
        ->check(CLI::Range(1u, 100000000u));
    app.add_option("--datagrams", o.datagrams, "UDP datagrams per run")
        ->check(CLI::Range(1u, 10000000u));
    // Both ends of each connection take an entry until 30 s after the close:
    // 4 000 a run stays well inside the 32 768 entries.
    app.add_option("--connections", o.connections, "TCP connections per run")
        ->check(CLI::Range(1u, 4000u));
    CLI11_PARSE(app, argc, argv);
    PassProgram pass;
    per_frame(o, pass);
    per_datagram(o);
    per_connection(o);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    try {
        return run(argc, argv);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_process_cost: %s\n", e.what());
        return 1;
    }
}
