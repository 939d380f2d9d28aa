// Read-and-delete of one CPU's flow table with batch operations.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "harvest/harvest.h"
#include "netmon/flow.h"

namespace netmon {

// The kernel's packed value, unpacked.
netmon_flow_stats flow_stats_of(const netmon_flow_value &v);

// One harvest's flows, written in place by every draining thread: each
// claims a range per drained batch, so a flow is written once, where it
// stays. `flows` was resized beforehand to an upper bound; what is never
// claimed is never written and costs no memory (see FlowDeltas).
class SharedFlowBuffer {
  public:
    explicit SharedFlowBuffer(FlowDeltas &flows) : flows_(flows), bound_(flows.size()) {}
    // Room for n flows, or nullptr when they would pass the bound.
    FlowDelta *claim(size_t n);
    // Flows claimed so far.
    size_t used() const { return used_.load(std::memory_order_relaxed); }

  private:
    FlowDeltas &flows_;
    const size_t bound_;
    std::atomic<size_t> used_{0};
};

// Where one draining thread puts flows: the shared buffer, or, if a table
// held more than the bound allowed for, its own spill (appended after).
class FlowSink {
  public:
    explicit FlowSink(SharedFlowBuffer &shared) : shared_(shared) {}
    FlowDelta *room(uint32_t n);
    std::vector<FlowDelta> &spilled() { return spilled_; }

  private:
    SharedFlowBuffer &shared_;
    std::vector<FlowDelta> spilled_;
};

class FlowTableDrainer {
  public:
    FlowTableDrainer();
    // Puts every flow of the table into `out` and empties the table; returns
    // how many flows it held. The table must be idle (no program writing
    // it): see GenerationReader.
    size_t drain(int map_fd, FlowSink &out);

  private:
    bool drain_batch(int map_fd, FlowSink &out, size_t &drained);
    size_t drain_one_by_one(int map_fd, FlowSink &out);
    void resize(uint32_t batch);

    uint32_t batch_ = 0;
    std::vector<netmon_flow_key> keys_;
    std::vector<netmon_flow_value> values_;
};

} // namespace netmon
