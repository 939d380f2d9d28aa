// ClickHouse insert rate: flow rows per second of one core, from snapshot
// to HTTP request (rows encoded, queued, POSTed), and the bytes on the wire
// per flow row. The server is a stand-in on loopback (cpp-httplib) that
// counts what it receives and answers 200, so the figure is netmon-xdp's
// side only; pinned with taskset, it shares the core. Prints table rows
// (median of --runs, each a fresh sink); asserts nothing.
#include <httplib.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <thread>

#include "bench_report.h"
#include "clickhouse/clickhouse_sink.h"
#include "flow_snapshots.h"

using namespace netmon;

namespace {

// Counts every request's bytes: request line, headers, body.
struct CountingServer {
    httplib::Server server;
    std::atomic<uint64_t> bytes{0};
    std::atomic<uint64_t> requests{0};
    int port = 0;
    std::thread thread;

    CountingServer()
    {
        server.Post("/", [this](const httplib::Request &req, httplib::Response &res) {
            uint64_t n = req.method.size() + req.target.size() + req.version.size() + 4;
            for (const auto &[key, value] : req.headers)
                n += key.size() + value.size() + 4;
            bytes += n + 2 + req.body.size();
            requests++;
            res.status = 200;
        });
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
        while (!server.is_running()) // httplib 0.11 has no wait_until_ready()
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~CountingServer()
    {
        server.stop();
        thread.join();
    }
};

// The same flows every round: clients 10.0.x.y to 192.0.0.1:443, as
// IPv4-mapped, as the program stores them.
netmon_flow_key key_of(size_t i, int /*round*/)
{
    netmon_flow_key k{};
    k.kind = NETMON_KIND_IPV4;
    k.proto = 6;
    k.ethertype = 0x0800;
    k.src[10] = k.src[11] = k.dst[10] = k.dst[11] = 0xff;
    k.src[12] = 10;
    k.src[14] = static_cast<uint8_t>(i >> 8);
    k.src[15] = static_cast<uint8_t>(i);
    k.dst[12] = 192;
    k.dst[15] = 1;
    k.sport = static_cast<uint16_t>(1024 + (i >> 8));
    k.dport = 443;
    return k;
}

// The interface row's counts: this interval's.
void add_to_interface(Snapshot &s, FlowDetail & /*detail*/, const FlowDetail::Update & /*u*/)
{
    s.interfaces[0].interval += Count{3, 300};
}

} // namespace

int main(int argc, char **argv)
{
    CLI::App app{"ClickHouse insert rate (flow rows per second of one core) and bytes per row"};
    size_t flows = 100000;
    int rounds = 10;
    int runs = 3;
    app.add_option("--flows", flows, "Flows per interval")->capture_default_str();
    app.add_option("--rounds", rounds, "Intervals")->capture_default_str();
    app.add_option("--runs", runs, "Runs, each with a fresh sink")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    CountingServer server;
    const auto snapshots = bench::flow_snapshots(flows, rounds, key_of, add_to_interface);
    const double rows = static_cast<double>(flows) * rounds;
    std::vector<double> rates, wire;
    for (int run = 0; run < runs; run++) {
        clickhouse::ClickhouseOptions opts;
        opts.url = "http://127.0.0.1:" + std::to_string(server.port) + "/?database=netmon";
        opts.host_name = "bench-host-01";
        opts.buffer_rows = flows * 2 + 16;
        clickhouse::ClickhouseSink sink(opts);
        const uint64_t bytes0 = server.bytes;
        auto start = std::chrono::steady_clock::now();
        for (const auto &s : snapshots)
            sink.consume(s);
        double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        rates.push_back(rows / seconds);
        // The interface rows ride along (one per interval): charged to the flows.
        wire.push_back(static_cast<double>(server.bytes - bytes0) / rows);
        bench::progress("clickhouse insert run " + std::to_string(run + 1) + ": " +
                        std::to_string(static_cast<long>(rows / seconds)) + " rows/s");
    }
    const std::string what =
        std::to_string(flows) + " flows x " + std::to_string(rounds) + " intervals";
    const std::string note = "one core, JSONEachRow over HTTP to a loopback stand-in server";
    bench::print_row(
        {"9 ClickHouse insert", what, "rows/s", bench::summarize(rates), {}, {}, note});
    bench::print_row({"9 ClickHouse insert",
                      what,
                      "bytes/row",
                      bench::summarize(wire),
                      {},
                      {},
                      "on the wire: request lines, headers, body"});
    return 0;
}
