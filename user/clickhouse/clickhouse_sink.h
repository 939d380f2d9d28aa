// --clickhouse: every interval's flow records and interface counts inserted
// into ClickHouse over HTTP (docs/clickhouse.md). A sink like IPFIX: it
// reads each snapshot's flow detail on its own thread, so a slow or absent
// server never stalls counting. Rows wait in a bounded queue while the
// server cannot take them, sent again with a growing pause (1 s, doubling,
// at most 8 s); rows the queue had to give up are counted and reported at
// exit (clickhouse.lost_rows), with the packets and bytes they carried.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "clickhouse/clickhouse_options.h"
#include "clickhouse/insert_client.h"
#include "clickhouse/row_queue.h"
#include "sinks/sink.h"

namespace netmon::clickhouse {

// What a run inserted and lost, for the one line at exit.
struct InsertTotals {
    uint64_t inserted_rows = 0;
    LostRows lost;
};

// "clickhouse.inserted_rows=... clickhouse.lost_rows=... ..." (key=value,
// so scripts and the tests read it).
std::string totals_line(const InsertTotals &totals);

class ClickhouseSink : public Sink {
  public:
    // Parses the URL and reads the password file first: a typo is a usage
    // error before anything is attached. Sends nothing yet.
    explicit ClickhouseSink(const ClickhouseOptions &opts);

    std::string name() const override { return "ClickHouse export"; }
    void consume(const SnapshotPtr &snapshot) override;
    bool wants_flow_detail() const override { return true; }
    void close() override;

    // Longest pause between attempts while the server is unreachable.
    static constexpr std::chrono::seconds kMaxBackoff{8};
    // Rows in one INSERT at most (ClickHouse likes few large inserts).
    static constexpr size_t kMaxBatchRows = 100000;

  private:
    using Clock = std::chrono::steady_clock;

    // Sends what is queued, batch by batch, until the queue is empty, an
    // insert fails or `deadline` passes.
    void flush(Clock::time_point deadline);
    void report_failure(const std::string &why);
    void report_totals();

    std::string host_;
    std::string url_text_;
    InsertClient client_;
    RowQueue queue_;
    InsertTotals totals_;
    Clock::time_point next_attempt_{};
    std::chrono::seconds backoff_{1};
    bool failing_ = false;
    bool reported_ = false;
    bool started_ = false; // a snapshot came: the run began
};

} // namespace netmon::clickhouse
