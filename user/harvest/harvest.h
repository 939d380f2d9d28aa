// What one poll takes from the kernel: the loader (user/loader) produces it,
// the aggregation (user/stats) consumes it. It lives below both so the
// dependency runs one way.
#pragma once

#include <array>
#include <type_traits>
#include <vector>

#include "harvest/count.h"
#include "harvest/default_init_allocator.h"
#include "netmon/flow.h"

namespace netmon {

// One flow as counted by one CPU since the previous harvest. A flow that
// several CPUs counted appears once per CPU; consumers add them up.
struct FlowDelta {
    netmon_flow_key key;
    netmon_flow_stats stats;
};

// A harvest's flows: one buffer the copying threads write in place (see
// GenerationReader::copy_flow_records). resize() leaves new elements
// unwritten; everything else behaves as std::vector<FlowDelta>.
using FlowDeltas = std::vector<FlowDelta, DefaultInitAllocator<FlowDelta>>;
static_assert(std::is_trivially_default_constructible_v<FlowDelta>);

using CounterArray = std::array<Count, NETMON_NUM_COUNTERS>;
// One CounterArray per hook, indexed by enum netmon_hook.
using HookCounters = std::array<CounterArray, NETMON_NUM_HOOKS>;

struct Harvest {
    HookCounters counters; // counted since the previous harvest, per hook
    // Since the previous harvest, once per CPU that counted the flow;
    // key.hook says where.
    FlowDeltas flows;
    // Records the fullest CPU handed out (flows.size() is all CPUs').
    uint64_t fullest_table = 0;
};

} // namespace netmon
