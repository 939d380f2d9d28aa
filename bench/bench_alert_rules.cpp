// bench_alert_rules: what evaluating the alert rules costs per interval
// (docs/alerts.md "Cost"): 20 varied rules (global, share, per dst host,
// per src host, per dst port, syn, outbound, baselines) over one interval's
// flow updates of `flows` active flows, and what state the engine keeps
// between intervals. The same synthetic interval repeats, so after the
// warm-up the engine is in its steady state: the same keys tracked, the
// same alerts active (each update event built with its contributors).
#include <CLI/CLI.hpp>
#include <arpa/inet.h>
#include <malloc.h>

#include <cstring>
#include <random>
#include <vector>

#include "alerts/alert_engine.h"
#include "alerts/rule_list.h"
#include "bench_report.h"

namespace netmon::bench {
namespace {

// The examples plus rules over every key, metric and baseline kind.
const std::vector<std::string> kRules = {
    "udp pps > 15000",
    "udp share > 60%",
    "per dst host sources > 500",
    "udp src port 53 per dst host bps > 100k",
    "syn per dst host pps > 1000 for 3s",
    "outbound per dst host bps > 10M for 10s",
    "pps > 3x baseline",
    "per dst host pps > 3x baseline",
    "per src host pps > 500",
    "per src host bps > 1M for 2s",
    "per dst port pps > 2000",
    "per dst port flows > 100",
    "tcp per dst host bps > 50M",
    "tcp dst port 443 per src host pps > 400",
    "icmp per dst host pps > 1000",
    "not tcp and not udp pps > 1000",
    "dst net 10.1.0.0/16 and udp per dst port bps > 500k",
    "per src host flows > 10",
    "inbound and tcp share > 90%",
    "syn per src host pps > 5",
};

struct Options {
    std::vector<uint32_t> flows = {100000};
    int warmup = 20;    // intervals before timing: baselines learn, alerts start
    int intervals = 30; // timed intervals
};

void set_v4(uint8_t *out, uint32_t addr)
{
    std::memset(out, 0, 16);
    out[10] = out[11] = 0xff;
    const uint32_t be = htonl(addr);
    std::memcpy(out + 12, &be, 4);
}

// One interval of `n` active flows: 500 servers in 10.1.0.0/16 (local),
// 20 000 clients in 172.16.0.0/12; TCP web and ssh, UDP (DNS answers among
// it), ICMP; 5% of the TCP flows new (one SYN). One server takes a spoofed
// SYN flood (one flow per source) so some per-key alerts stay active.
Snapshot synthetic_interval(uint32_t n)
{
    std::mt19937 rng(1);
    auto pick = [&](uint32_t range) { return static_cast<uint32_t>(rng() % range); };
    const uint32_t server0 = 0x0a010000, client0 = 0xac100000;
    const uint16_t tcp_ports[] = {443, 443, 443, 80, 22, 8080};

    Snapshot snap;
    snap.source = "bench";
    snap.interval_s = 1.0;
    snap.local_nets = {"10.1.0.0/16"};
    auto detail = std::make_shared<FlowDetail>();
    detail->updates.reserve(n);
    const uint32_t flood = n / 20;
    for (uint32_t i = 0; i < n; i++) {
        FlowDetail::Update u;
        netmon_flow_key &k = u.key;
        k.kind = NETMON_KIND_IPV4;
        k.ethertype = 0x0800;
        const uint32_t client = client0 + pick(20000), server = server0 + 1 + pick(500);
        const uint32_t shape = pick(100);
        uint64_t packets = 1 + pick(20);
        if (i < flood) { // spoofed SYN flood: a new source each flow
            k.proto = 6;
            set_v4(k.src, client0 + 0x80000 + i);
            set_v4(k.dst, server0 + 1);
            k.sport = static_cast<uint16_t>(1024 + pick(60000));
            k.dport = 80;
            packets = 1;
            u.delta.syn_packets = 1;
            u.started = true;
        } else if (shape < 65) { // TCP: clients to servers
            k.proto = 6;
            set_v4(k.src, client);
            set_v4(k.dst, server);
            k.sport = static_cast<uint16_t>(1024 + pick(60000));
            k.dport = tcp_ports[pick(6)];
            if (pick(20) == 0) {
                u.delta.syn_packets = 1;
                u.started = true;
            }
        } else if (shape < 75) { // DNS answers: servers to clients
            k.proto = 17;
            set_v4(k.src, server);
            set_v4(k.dst, client);
            k.sport = 53;
            k.dport = static_cast<uint16_t>(1024 + pick(60000));
        } else if (shape < 95) { // other UDP
            k.proto = 17;
            set_v4(k.src, client);
            set_v4(k.dst, server);
            k.sport = static_cast<uint16_t>(1024 + pick(60000));
            k.dport = static_cast<uint16_t>(pick(2) ? 443 : 1024 + pick(60000));
        } else {
            k.proto = 1;
            set_v4(k.src, client);
            set_v4(k.dst, server);
        }
        u.delta.packets = packets;
        // DNS answers are small; the rest anything up to a full frame.
        u.delta.bytes = packets * (k.sport == 53 ? 80 + pick(420) : 60 + pick(1400));
        snap.total.interval.packets += u.delta.packets;
        snap.total.interval.bytes += u.delta.bytes;
        detail->updates.push_back(u);
    }
    snap.flow_detail = detail;
    return snap;
}

size_t heap_in_use() { return mallinfo2().uordblks; }

struct Cost {
    std::vector<double> wall_ms;
    size_t state_bytes = 0;
    size_t tracked = 0;
    uint64_t untracked = 0;
    size_t active_alerts = 0;
    size_t events = 0;
};

// Times engine.evaluate() on `intervals` consecutive copies of `interval`.
Cost measure(const std::vector<std::string> &rules, const Snapshot &interval, const Options &o)
{
    alerts::AlertOptions a;
    a.rules = rules;
    a.warmup_s = o.warmup / 2; // baseline rules leave their warm-up before timing
    const size_t heap0 = heap_in_use();
    Cost cost;
    {
        alerts::AlertEngine engine(alerts::load_rules(a), a);
        const uint64_t t0 = 1700000000ull * 1000000000ull;
        for (int i = 0; i < o.warmup + o.intervals; i++) {
            Snapshot snap = interval; // shares the flow detail
            snap.sequence = static_cast<uint64_t>(i + 1);
            snap.wall_time_ns = t0 + static_cast<uint64_t>(i + 1) * 1000000000ull;
            Stopwatch watch;
            std::vector<AlertEventPtr> events = engine.evaluate(snap);
            const double ms = watch.wall_ms();
            if (i >= o.warmup) {
                cost.wall_ms.push_back(ms);
                cost.events += events.size();
                cost.active_alerts = snap.alerts ? snap.alerts->active.size() : 0;
            }
        }
        // Between intervals: only what the engine keeps is left on the heap.
        cost.state_bytes = heap_in_use() - heap0;
        cost.tracked = engine.tracked_keys();
        cost.untracked = engine.untracked_keys();
    }
    return cost;
}

// One rule whose alerts all start in the first interval (every server is
// over 1000 pps: a carpet-bombing flood): each start event with its explain
// line and contributors. A fresh engine per run.
std::vector<double> measure_starts(const Snapshot &interval, int runs, size_t &events)
{
    alerts::AlertOptions a;
    a.rules = {"per dst host pps > 1000"};
    std::vector<double> wall_ms;
    for (int i = 0; i < runs; i++) {
        alerts::AlertEngine engine(alerts::load_rules(a), a);
        Snapshot snap = interval;
        snap.sequence = 1;
        snap.wall_time_ns = 1700000001ull * 1000000000ull;
        Stopwatch watch;
        events = engine.evaluate(snap).size();
        wall_ms.push_back(watch.wall_ms());
    }
    return wall_ms;
}

void run(uint32_t flows, const Options &o)
{
    progress("alert rules over " + std::to_string(flows) + " active flows");
    const Snapshot interval = synthetic_interval(flows);
    const std::string section = "7 alert rules (per interval)";
    const std::string of = ", " + std::to_string(flows) + " flows";
    // Column one of the table holds 44 characters.

    const Cost all = measure(kRules, interval, o);
    const Cost one = measure({"per dst host pps > 5000"}, interval, o);
    size_t starts = 0;
    const std::vector<double> start_ms = measure_starts(interval, 5, starts);
    char note[160];
    std::snprintf(note, sizeof(note), "%zu alerts active, %zu events in %d intervals",
                  all.active_alerts, all.events, o.intervals);
    print_row({section, std::to_string(kRules.size()) + " rules" + of, "ms", summarize(all.wall_ms),
               std::nullopt, std::nullopt, note});
    print_row({section, "1 rule" + of, "ms", summarize(one.wall_ms), std::nullopt, std::nullopt,
               "per dst host pps > 5000: 1 alert active"});
    print_row({section, std::to_string(starts) + " alerts start at once" + of, "ms",
               summarize(start_ms), std::nullopt, std::nullopt,
               "per dst host pps > 1000: each start with explain and contributors"});
    const double kib = all.state_bytes / 1024.0;
    std::snprintf(note, sizeof(note), "%zu keys tracked (%.0f B each), %llu untracked", all.tracked,
                  all.tracked ? all.state_bytes / double(all.tracked) : 0.0,
                  static_cast<unsigned long long>(all.untracked));
    print_row({section,
               std::to_string(kRules.size()) + " rules: state kept" + of,
               "KiB",
               {kib, kib, kib},
               std::nullopt,
               std::nullopt,
               note});
}

} // namespace
} // namespace netmon::bench

int main(int argc, char **argv)
{
    netmon::bench::Options o;
    CLI::App app{"Per-interval cost of evaluating alert rules"};
    app.add_option("--flows", o.flows, "active flows per interval (repeatable)");
    app.add_option("--warmup", o.warmup, "intervals before timing")->check(CLI::Range(2, 1000));
    app.add_option("--intervals", o.intervals, "timed intervals")->check(CLI::Range(1, 10000));
    CLI11_PARSE(app, argc, argv);
    for (uint32_t n : o.flows)
        netmon::bench::run(n, o);
    return 0;
}
