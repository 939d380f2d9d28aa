// bench_socket_sender: sends UDP datagrams through the kernel's socket
// stack as fast as one thread can, with sendmmsg() in batches, for
// --seconds. Datagram i goes to --port-base + i % --flows, so the frames
// belong to --flows flows. The frames take the stack path (skb made by
// the socket layer), unlike bench_generator's XDP frames. Prints
// "sent=N seconds=S" on stdout, N counting datagrams the kernel accepted.
#include <CLI/CLI.hpp>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_report.h"

namespace netmon::bench {
namespace {

struct Options {
    std::string dst = "10.77.0.99";
    uint16_t port_base = 20000;
    uint32_t flows = 1;
    double seconds = 5;
    uint32_t batch = 64;
    uint32_t payload = 18; // 60-byte frames, as bench_generator's
};

int run(const Options &o)
{
    sockaddr_in base{};
    base.sin_family = AF_INET;
    if (inet_pton(AF_INET, o.dst.c_str(), &base.sin_addr) != 1)
        throw std::runtime_error("not an IPv4 address: " + o.dst);
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0)
        throw std::runtime_error(std::string("socket: ") + std::strerror(errno));

    // One destination per flow; each batch takes the next `batch` of them.
    std::vector<sockaddr_in> dests(o.flows, base);
    for (uint32_t i = 0; i < o.flows; i++)
        dests[i].sin_port = htons(static_cast<uint16_t>(o.port_base + i));
    std::vector<char> payload(o.payload, 'x');
    iovec iov{payload.data(), payload.size()};
    std::vector<mmsghdr> msgs(o.batch);
    for (auto &m : msgs) {
        m.msg_hdr = {};
        m.msg_hdr.msg_iov = &iov;
        m.msg_hdr.msg_iovlen = 1;
        m.msg_hdr.msg_namelen = sizeof(sockaddr_in);
    }

    Stopwatch watch;
    uint64_t sent = 0;
    uint32_t next = 0;
    while (watch.wall_ms() < o.seconds * 1000) {
        for (auto &m : msgs) {
            m.msg_hdr.msg_name = &dests[next];
            next = next + 1 == o.flows ? 0 : next + 1;
        }
        int n = sendmmsg(fd, msgs.data(), o.batch, 0);
        if (n < 0) {
            // A full device queue is the receiver's business, not an error.
            if (errno == ENOBUFS || errno == EAGAIN || errno == EINTR)
                continue;
            int err = errno;
            close(fd);
            throw std::runtime_error(std::string("sendmmsg: ") + std::strerror(err));
        }
        sent += static_cast<uint64_t>(n);
    }
    double s = watch.wall_ms() / 1000;
    close(fd);
    std::printf("sent=%llu seconds=%.6f\n", static_cast<unsigned long long>(sent), s);
    return 0;
}

} // namespace
} // namespace netmon::bench

int main(int argc, char **argv)
{
    netmon::bench::Options o;
    CLI::App app{"Send UDP datagrams with sendmmsg() as fast as possible"};
    app.add_option("--dst", o.dst, "Destination IPv4 address")->capture_default_str();
    app.add_option("--port-base", o.port_base, "First destination port")->capture_default_str();
    app.add_option("--flows", o.flows, "Destination ports to cycle through (one flow each)")
        ->check(CLI::Range(1, 40000));
    app.add_option("--seconds", o.seconds, "How long to send")->check(CLI::PositiveNumber);
    app.add_option("--batch", o.batch, "Datagrams per sendmmsg() call")->check(CLI::Range(1, 1024));
    app.add_option("--payload", o.payload, "UDP payload bytes")->check(CLI::Range(0, 1472));
    CLI11_PARSE(app, argc, argv);
    try {
        return netmon::bench::run(o);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_socket_sender: %s\n", e.what());
        return 1;
    }
}
