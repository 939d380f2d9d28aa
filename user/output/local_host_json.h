// The kernel's per-host counters in the JSON object ("local_host_counters",
// docs/json.md).
#pragma once

#include <cstddef>

#include <nlohmann/json.hpp>

#include "snapshot/local_host_counts.h"

namespace netmon {

// Hosts listed at most (the most bytes since start first): the rest are
// in hosts_with_traffic.
inline constexpr size_t kListedLocalHosts = 100;

nlohmann::json local_host_counts_json(const LocalHostSection &s);

} // namespace netmon
