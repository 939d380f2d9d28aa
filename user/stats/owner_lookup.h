// The join between a flow and the process that owns its local socket:
// the aggregation asks, process attribution (user/process) answers.
#pragma once

#include <memory>

#include "netmon/flow.h"
#include "snapshot/snapshot.h"

namespace netmon {

struct FlowOwner {
    std::shared_ptr<const ProcessInfo> process; // null: no local socket
    bool local_is_src = false;                  // the flow's source is the local socket: it sent
};

class OwnerLookup {
  public:
    virtual ~OwnerLookup() = default;
    virtual FlowOwner owner_of(const netmon_flow_key &key) const = 0;
};

} // namespace netmon
