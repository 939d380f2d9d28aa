// Read-and-delete of a per-CPU flow table with batch operations.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "netmon/flow.h"

namespace netmon {

struct FlowDelta {
    netmon_flow_key key;
    netmon_flow_stats stats; // merged over CPUs
};

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
    void merge_into(uint32_t count, std::vector<FlowDelta> &out) const;

    size_t ncpus_;
    uint32_t batch_ = 0;
    std::vector<netmon_flow_key> keys_;
    std::vector<uint8_t> values_; // batch_ * ncpus_ * stride
};

} // namespace netmon
