// IPFIX export rate: flow records per second of one core, from snapshot to
// datagrams on a UDP socket (a local socket that nobody reads: the kernel
// drops what overflows it, which costs the sender the same). Each round is
// one interval in which every flow ends, so every flow is one record.
// Prints one table row per figure (median of --runs, each run a fresh
// sink); asserts nothing.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>

#include "bench_report.h"
#include "core/fd.h"
#include "flow_snapshots.h"
#include "ipfix/ipfix_sink.h"

using namespace netmon;

int main(int argc, char **argv)
{
    CLI::App app{"IPFIX export rate (records per second of one core)"};
    size_t flows = 100000;
    int rounds = 10;
    int runs = 3;
    app.add_option("--flows", flows, "Flows per interval")->capture_default_str();
    app.add_option("--rounds", rounds, "Intervals")->capture_default_str();
    app.add_option("--runs", runs, "Runs, each with a fresh sink")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    Fd sink_socket(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(sink_socket.get(), reinterpret_cast<sockaddr *>(&sa), sizeof sa);
    socklen_t len = sizeof sa;
    getsockname(sink_socket.get(), reinterpret_cast<sockaddr *>(&sa), &len);
    const std::string collector = "127.0.0.1:" + std::to_string(ntohs(sa.sin_port));

    // Each round's flows are new (dport = round) and end in it.
    auto key_of = [](size_t i, int round) {
        netmon_flow_key k{};
        k.kind = NETMON_KIND_IPV4;
        k.proto = 6;
        k.src[12] = 10;
        k.src[15] = static_cast<uint8_t>(i);
        k.sport = static_cast<uint16_t>(i >> 8);
        k.dport = static_cast<uint16_t>(round);
        return k;
    };
    Count total; // cumulative, as the aggregator keeps it
    auto add = [&total](Snapshot &s, FlowDetail &detail, const FlowDetail::Update &u) {
        detail.ended.push_back({0, u.key, u.delta.last_seen_ns});
        total += Count{3, 300};
        s.interfaces[0].hooks[0].total = total;
    };
    const auto snapshots = bench::flow_snapshots(flows, rounds, key_of, add);
    const double records = static_cast<double>(flows) * rounds;
    std::vector<double> rates, ns_per_record;
    for (int run = 0; run < runs; run++) {
        ipfix::IpfixSink sink({{collector}, 0, 60}); // a new session: templates, sequence 0
        auto start = std::chrono::steady_clock::now();
        for (auto &s : snapshots)
            sink.consume(s);
        double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        rates.push_back(records / seconds);
        ns_per_record.push_back(seconds * 1e9 / records);
        bench::progress("ipfix export run " + std::to_string(run + 1) + ": " +
                        std::to_string(static_cast<long>(records / seconds)) + " records/s");
    }
    const std::string what = std::to_string(flows) + " flows x " + std::to_string(rounds) + " ends";
    const std::string note = "one core, UDP to loopback, paced to 16 messages/ms";
    bench::print_row({"7 IPFIX export", what, "records/s", bench::summarize(rates), {}, {}, note});
    bench::print_row(
        {"7 IPFIX export", what, "ns/record", bench::summarize(ns_per_record), {}, {}, note});
    return 0;
}
