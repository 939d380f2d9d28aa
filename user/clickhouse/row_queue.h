// Rows waiting for the server: bounded, so an unreachable server costs at
// most `capacity` rows of memory. When a new interval's rows do not fit,
// the oldest rows are given up, and what they carried is counted: lost
// rows are reported, never silent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "clickhouse/rows.h"

namespace netmon::clickhouse {

struct LostRows {
    uint64_t rows = 0;
    Count flow_traffic;      // of lost flow rows
    Count interface_traffic; // of lost interface rows
};

// One INSERT's worth: consecutive rows of one table.
struct Batch {
    Table table = Table::Flows;
    std::string body;
    size_t rows = 0;
};

class RowQueue {
  public:
    explicit RowQueue(size_t capacity) : capacity_(capacity) {}

    // Appends, then gives up the oldest rows beyond the capacity.
    void push(std::vector<Row> rows);

    bool empty() const { return rows_.empty(); }
    size_t size() const { return rows_.size(); }
    size_t capacity() const { return capacity_; }

    // The rows at the front of one table, at most `max_rows`; pop() them
    // once the server took them.
    Batch front_batch(size_t max_rows) const;
    void pop(size_t rows);

    // Gives up every row left (the run ends and the server is gone).
    void drop_all();

    const LostRows &lost() const { return lost_; }

  private:
    void lose_front();

    size_t capacity_;
    std::deque<Row> rows_;
    LostRows lost_;
};

} // namespace netmon::clickhouse
