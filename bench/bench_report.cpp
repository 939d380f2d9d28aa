#include "bench_report.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>

namespace netmon::bench {

namespace {
uint64_t now_ns(clockid_t clock)
{
    timespec ts{};
    clock_gettime(clock, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1000000000ULL + static_cast<uint64_t>(ts.tv_nsec);
}

std::string number(double v)
{
    char text[32];
    std::snprintf(text, sizeof(text), v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    return text;
}

std::string summary_field(const std::optional<Summary> &s)
{
    return s ? number(s->median) + "\t" + number(s->min) + "\t" + number(s->max) : "-\t-\t-";
}
} // namespace

Summary summarize(std::vector<double> runs)
{
    if (runs.empty())
        return {};
    std::sort(runs.begin(), runs.end());
    size_t n = runs.size();
    double median = n % 2 ? runs[n / 2] : (runs[n / 2 - 1] + runs[n / 2]) / 2;
    return {median, runs.front(), runs.back()};
}

void print_row(const Row &row)
{
    std::cout << "ROW\t" << row.section << '\t' << row.what << '\t' << row.unit << '\t'
              << summary_field(row.measured) << '\t' << summary_field(row.floor) << '\t'
              << summary_field(row.reference) << '\t' << (row.note.empty() ? "-" : row.note)
              << std::endl;
}

void progress(const std::string &line) { std::cerr << "  " << line << std::endl; }

Stopwatch::Stopwatch() : wall0_(now_ns(CLOCK_MONOTONIC)), cpu0_(now_ns(CLOCK_PROCESS_CPUTIME_ID)) {}
double Stopwatch::wall_ms() const { return (now_ns(CLOCK_MONOTONIC) - wall0_) / 1e6; }
double Stopwatch::cpu_ms() const { return (now_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu0_) / 1e6; }

double peak_rss_mib()
{
    std::ifstream status("/proc/self/status");
    std::string key;
    while (status >> key) {
        if (key == "VmHWM:") {
            double kib = 0;
            status >> kib;
            return kib / 1024;
        }
        status.ignore(4096, '\n');
    }
    return 0;
}

std::string verdict(bool met, const std::string &detail)
{
    return std::string(met ? "met" : "MISSED") + " (" + detail + ")";
}

} // namespace netmon::bench
