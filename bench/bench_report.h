// What every benchmark tool shares: summarising repeated runs, timing, and
// printing result rows that bench/run gathers into one table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netmon::bench {

// Median, min and max of repeated runs of one measurement.
struct Summary {
    double median = 0;
    double min = 0;
    double max = 0;
};

Summary summarize(std::vector<double> runs);

// One row of the table: `measured` is netmon-xdp; `floor` what the same
// work costs with a pass-only program (or nothing); `reference` the
// alternative design. Printed as a tab-separated "ROW" line on stdout.
struct Row {
    std::string section;
    std::string what;
    std::string unit;
    Summary measured;
    std::optional<Summary> floor;
    std::optional<Summary> reference;
    std::string note; // target and verdict, or how to read the row
};

void print_row(const Row &row);

// Progress on stderr, so stdout stays machine-readable.
void progress(const std::string &line);

// Wall and CPU (user + system, whole process) time since construction.
class Stopwatch {
  public:
    Stopwatch();
    double wall_ms() const;
    double cpu_ms() const;

  private:
    uint64_t wall0_;
    uint64_t cpu0_;
};

// Peak resident set size of this process (VmHWM), in MiB.
double peak_rss_mib();

// "met"/"MISSED" with the margin, for the note column.
std::string verdict(bool met, const std::string &detail);

} // namespace netmon::bench
