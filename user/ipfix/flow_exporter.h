// Decides what to report when: keeps every flow's counts since its last
// report and turns each snapshot into the flow reports due at its close.
//  - a flow that aged out (idle past --flow-timeout): flowEndReason 1;
//  - a flow whose pending counts would span the active timeout by the next
//    snapshot: reason 2, so no record is longer than the timeout;
//  - at the Final snapshot, everything pending: reason 4;
//  - a flow the full userspace flow table refused (--max-active-flows):
//    its interval's counts at once, reason 5 (lack of resources);
//  - frames in no flow record (the kernel flow table was full, or a
//    snapshot this exporter never saw): one aggregate per interface and
//    hook with reason 5, so the records always add up to the counted totals.
// No network here: the sink encodes and sends what this returns.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <unordered_map>
#include <vector>

#include "harvest/count.h"
#include "ipfix/records.h"
#include "snapshot/snapshot.h"

namespace netmon::ipfix {

class FlowExporter {
  public:
    explicit FlowExporter(double active_timeout_s)
        : active_timeout_ns_(static_cast<uint64_t>(active_timeout_s * 1e9))
    {
    }

    // The reports due at this snapshot. Needs snapshot.flow_detail.
    std::vector<FlowReport> reports(const Snapshot &snapshot);

    size_t pending_flows() const { return pending_.size(); }

  private:
    struct FlowId {
        uint32_t iface;
        netmon_flow_key key;
        bool operator==(const FlowId &o) const
        {
            return iface == o.iface && std::memcmp(&key, &o.key, sizeof key) == 0;
        }
    };
    struct FlowIdHash {
        size_t operator()(const FlowId &id) const;
    };
    using HookCounts = std::array<Count, NETMON_NUM_HOOKS>;

    // Adds the snapshot's flow updates to pending_; a flow the full flow
    // table refused is reported into `out` at once instead.
    void fold(const Snapshot &s, std::vector<HookCounts> &in_flows, std::vector<FlowReport> &out);
    void add_not_in_flow(const Snapshot &s, const std::vector<HookCounts> &in_flows,
                         std::vector<FlowReport> &out);
    // A flow's counts since its last report, and its local process.
    struct Pending {
        netmon_flow_stats stats{};
        std::shared_ptr<const ProcessInfo> process;
    };
    FlowReport report_of(const FlowId &id, const Pending &p, EndReason reason,
                         const Snapshot &s) const;

    uint64_t active_timeout_ns_;
    std::unordered_map<FlowId, Pending, FlowIdHash> pending_;
    std::vector<HookCounts> counted_; // per interface and hook: totals seen so far
};

} // namespace netmon::ipfix
