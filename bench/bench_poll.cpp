// bench_poll: what one poll of the reader costs (flip + RCU wait, drain of
// the idle generation, fold into the userspace flow table, close_interval
// with ageing and top N), with a userspace table of `total` flows of which
// `active` were counted in the interval; and, next to it, one plain
// bpf_map_lookup_batch pass (with the per-CPU merge) over a per-CPU hash
// holding `total` flows: the "re-read everything each poll" design.
// Each poll is followed by a plain pass in a child process (plain_pass.h),
// so the two are compared under the same machine conditions.
// One process per --active value, so VmHWM is this configuration's peak.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <bpf/bpf.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "bench_report.h"
#include "core/fd.h"
#include "flow_frames.h"
#include "loader/flow_records.h"
#include "loader/generation_reader.h"
#include "loader/percpu.h"
#include "monitor/clocks.h"
#include "plain_pass.h"
#include "stats/aggregator.h"
#include "support/cpu_pinning.h"
#include "test_run.h"

namespace netmon::bench {
namespace {

struct Options {
    uint32_t max_flows = 1u << 21;
    uint32_t total = 1000000;
    uint32_t active = 10000;
    int runs = 5;
};

struct PollCost {
    std::vector<double> wall_ms, cpu_ms;
    // Wall time of the poll's three steps, to say where it goes.
    // (The harvest is the flip and its RCU grace period, then the drain.)
    std::vector<double> wait_ms, drain_ms, fold_ms, close_ms;
};

class PollBench {
  public:
    explicit PollBench(const Options &o)
        : o_(o), obj_(NetmonObject::load({.max_flows = o.max_flows})),
          reader_(*obj_, /*wait_for_readers=*/true), aggregator_(aggregator_options()), frames_(4)
    {
    }

    // Fills the userspace table with `total` flows, idles until they have
    // left every sliding window, then keeps the `active` ones busy. Untimed.
    void fill()
    {
        progress("poll: filling the userspace table with " + std::to_string(o_.total) + " flows");
        // Through the kernel in batches its table can hold, one interval
        // each, as a live run would have seen them. Each harvest folds in
        // an order of its own: the table's memory then follows neither
        // generation's drain order, as after a live run's first minutes.
        // (Folded in one generation's drain order, the measured harvests
        // of that generation would walk the table almost sequentially.)
        for (uint32_t first = 0; first < o_.total; first += o_.max_flows) {
            count_flows(first, std::min(o_.max_flows, o_.total - first));
            poll(nullptr, /*shuffle=*/true);
        }
        // Steady state: idle intervals until those flows have left every
        // sliding window, as flows last seen over 40 intervals ago have.
        for (int i = 0; i < kWindowIntervals; i++)
            poll();
        // Then the `active` flows stay busy until every window and the
        // ring of rate records hold them (each interval: one record per
        // flow and host, and four passes over them when it closes): the
        // steady state a monitor sees when they stay busy.
        progress("poll: " + std::to_string(o_.active) + " flows busy for " +
                 std::to_string(kWindowIntervals) + " intervals (steady state), untimed");
        for (int i = 0; i < kWindowIntervals; i++) {
            count_flows(0, o_.active);
            poll();
        }
    }

    // One measured poll after counting `active` flows (the same ones each
    // time: exactly `active` flows are recent).
    void measure(PollCost &cost)
    {
        count_flows(0, o_.active);
        Stopwatch watch;
        poll(&cost);
        cost.wall_ms.push_back(watch.wall_ms());
        cost.cpu_ms.push_back(watch.cpu_ms());
        if (aggregator_.flows().active() != o_.total)
            throw std::runtime_error("the userspace table does not hold every flow");
    }

    double mapped_mib() const { return obj_->mapped_bytes() / double(1 << 20); }

  private:
    static constexpr int kWindowIntervals = 41; // the 40 s window, at 1 s intervals

    static AggregatorOptions aggregator_options()
    {
        AggregatorOptions a;
        a.interfaces = {"bench0"};
        a.flow_timeout_s = 3600; // nothing ages out: the table stays full
        return a;
    }

    // One frame each of flows first .. first+n-1 (mod total) into the
    // kernel's active generation, each flow always on the same one of the
    // CPUs we may use, as a NIC's receive-side scaling spreads flows over
    // its queues' CPUs (a test run counts on the CPU it runs on).
    void count_flows(uint32_t first, uint32_t n)
    {
        const std::vector<int> cpus = test::PinnedToCpu::allowed();
        for (size_t c = 0; c < cpus.size(); c++) {
            test::PinnedToCpu pin(cpus[c]);
            for (uint32_t i = 0; i < n; i++) {
                uint32_t flow = (first + i) % o_.total;
                if (flow % cpus.size() == c)
                    test_run_ns(obj_->xdp_prog_fd(), frames_.frame(flow));
            }
        }
    }

    // What the live monitor does each interval (monitor/live_monitor.cpp).
    void poll(PollCost *steps = nullptr, bool shuffle = false)
    {
        Stopwatch wait_watch;
        reader_.flip();
        reader_.wait_for_readers();
        double wait_ms = wait_watch.wall_ms();
        Stopwatch drain_watch;
        Harvest &harvest = reader_.collect();
        double drain_ms = drain_watch.wall_ms();
        if (shuffle)
            std::shuffle(harvest.flows.begin(), harvest.flows.end(), shuffler_);
        Stopwatch fold_watch;
        aggregator_.add(0, harvest);
        double fold_ms = fold_watch.wall_ms();
        Stopwatch close_watch;
        uint64_t now = monotonic_ns();
        IntervalEnd end{now, monotonic_to_wall_offset(), 1.0, (now - start_ns_) / 1e9};
        aggregator_.close_interval(end, Snapshot::Kind::Interval);
        if (steps) {
            steps->wait_ms.push_back(wait_ms);
            steps->drain_ms.push_back(drain_ms);
            steps->fold_ms.push_back(fold_ms);
            steps->close_ms.push_back(close_watch.wall_ms());
        }
    }

    const Options &o_;
    std::unique_ptr<NetmonObject> obj_;
    GenerationReader reader_;
    Aggregator aggregator_;
    FlowFrames frames_;
    uint64_t start_ns_ = monotonic_ns();
    std::mt19937 shuffler_{1};
};

// The process's resident memory by kind (/proc/self/status).
std::string rss_breakdown()
{
    std::ifstream status("/proc/self/status");
    std::string line, out;
    while (std::getline(status, line))
        if (line.rfind("Rss", 0) == 0 || line.rfind("VmHWM", 0) == 0)
            out += (out.empty() ? "" : ", ") + line;
    return out;
}

std::string label(uint32_t n)
{
    return n % 1000000 == 0 ? std::to_string(n / 1000000) + "M"
           : n % 1000 == 0  ? std::to_string(n / 1000) + "k"
                            : std::to_string(n);
}

void report(const Options &o, const PollCost &poll, double rss_mib, const PollCost &plain)
{
    const std::string what = label(o.active) + " active of " + label(o.total) + " flows";
    Summary wall = summarize(poll.wall_ms), cpu = summarize(poll.cpu_ms);
    Summary plain_wall = summarize(plain.wall_ms), plain_cpu = summarize(plain.cpu_ms);
    char detail[96];
    std::string note;
    if (o.active * 100ULL <= o.total) {
        std::snprintf(detail, sizeof(detail), "%.1f ms", wall.median);
        note = "target <= 20 ms: " + verdict(wall.median <= 20, detail);
    } else if (o.active == o.total) {
        // Every poll against the plain pass timed right after it.
        size_t faster = 0;
        for (size_t i = 0; i < poll.wall_ms.size(); i++)
            faster += poll.wall_ms[i] <= plain.wall_ms.at(i);
        std::snprintf(detail, sizeof(detail), "%zu of %zu polls; medians %.0f vs %.0f ms", faster,
                      poll.wall_ms.size(), wall.median, plain_wall.median);
        note = "target <= plain pass, every run: " + verdict(faster == poll.wall_ms.size(), detail);
    }
    std::snprintf(detail, sizeof(detail),
                  "flip + RCU wait %.1f + drain %.1f + fold %.1f + close %.1f ms",
                  summarize(poll.wait_ms).median, summarize(poll.drain_ms).median,
                  summarize(poll.fold_ms).median, summarize(poll.close_ms).median);
    print_row({"2 per poll (reader)", what + ": wall", "ms", wall, std::nullopt, plain_wall,
               note + (note.empty() ? "" : "; ") + detail + "; ref = plain lookup_batch pass"});
    std::string cpu_note = "user+sys of the process, all threads";
    if (o.active * 100ULL <= o.total) {
        std::snprintf(detail, sizeof(detail), "%.1f ms", cpu.median);
        cpu_note = "target <= 20 ms: " + verdict(cpu.median <= 20, detail) + "; " + cpu_note;
    }
    print_row(
        {"2 per poll (reader)", what + ": CPU", "ms", cpu, std::nullopt, plain_cpu, cpu_note});
    print_row({"2 per poll (reader)",
               what + ": peak RSS",
               "MiB",
               {rss_mib, rss_mib, rss_mib},
               std::nullopt,
               std::nullopt,
               "VmHWM of the reader process, less the kernel's flow records it maps"});
}

} // namespace
} // namespace netmon::bench

int main(int argc, char **argv)
{
    using namespace netmon::bench;
    Options o;
    CLI::App app{"Cost of one reader poll vs. a plain lookup_batch pass"};
    app.add_option("--max-flows", o.max_flows,
                   "Size of each CPU's kernel flow table (per generation), as --max-flows");
    app.add_option("--total", o.total, "Flows in the userspace table");
    app.add_option("--active", o.active, "Flows counted in the measured interval");
    app.add_option("--runs", o.runs, "Polls measured (median, min, max)");
    CLI11_PARSE(app, argc, argv);
    try {
        // Forked first: the child must not share the reader's maps or memory.
        PlainPassProcess plain_pass(o.total, o.max_flows);
        PollCost poll, plain;
        double rss;
        {
            PollBench bench(o);
            bench.fill();
            // Each measured poll is paired with a plain pass right after it.
            for (int run = 0; run < o.runs; run++) {
                progress("poll: " + std::to_string(o.active) + " active, run " +
                         std::to_string(run + 1) + ", then a plain lookup_batch pass over " +
                         std::to_string(o.total) + " flows");
                bench.measure(poll);
                auto [wall, cpu] = plain_pass.timed();
                plain.wall_ms.push_back(wall);
                plain.cpu_ms.push_back(cpu);
            }
            // The records the reader maps are the kernel's memory (part 3),
            // resident in this process from mmap on: the reader's own
            // peak is the rest.
            rss = peak_rss_mib() - bench.mapped_mib();
            progress(rss_breakdown());
        }
        report(o, poll, rss, plain);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_poll: %s\n", e.what());
        return 1;
    }
    return 0;
}
