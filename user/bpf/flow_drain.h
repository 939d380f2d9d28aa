// Read-and-delete of one CPU's flow table with batch operations.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "harvest/harvest.h"
#include "netmon/flow.h"

namespace netmon {

// The kernel's packed value, unpacked.
netmon_flow_stats flow_stats_of(const netmon_flow_value &v);

class FlowTableDrainer {
  public:
    FlowTableDrainer();
    // Appends every flow of the table to `out` and empties the table. The
    // table must be idle (no program writing it): see GenerationReader.
    void drain(int map_fd, std::vector<FlowDelta> &out);

  private:
    bool drain_batch(int map_fd, std::vector<FlowDelta> &out);
    void drain_one_by_one(int map_fd, std::vector<FlowDelta> &out);
    void resize(uint32_t batch);
    void append(uint32_t count, std::vector<FlowDelta> &out) const;

    uint32_t batch_ = 0;
    std::vector<netmon_flow_key> keys_;
    std::vector<netmon_flow_value> values_;
};

} // namespace netmon
