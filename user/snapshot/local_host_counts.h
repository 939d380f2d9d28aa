// The kernel's per-host counters of the local networks in one snapshot
// (bpf/host_counters.h): exact for every frame to or from a local address,
// whether or not its flow found room in the flow table.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "harvest/count.h"
#include "netmon/host_counters.h"

namespace netmon {

struct LocalHostCount {
    uint8_t kind = NETMON_KIND_IPV4; // enum netmon_flow_kind
    std::array<uint8_t, 16> addr{};  // IPv4 as IPv4-mapped IPv6
    netmon_host_counters total{};    // since start
    netmon_host_counters interval{}; // this interval
    // Distinct sources that sent to it in this interval, estimated by the
    // kernel's sketch (relative error LocalHostSection::sources_error).
    double sources_estimate = 0;
};

struct LocalHostSection {
    // Every local host with traffic since start (at most the table's
    // slots), most bytes sent and received since start first.
    std::vector<LocalHostCount> hosts;
    uint32_t slots = 0;       // local addresses the table holds
    double sources_error = 0; // the sketch's relative standard error
    Count unheld_total;       // frames of local hosts no region could count
};

// A direction's packets or bytes over every class.
inline Count all_classes(const netmon_host_direction &d)
{
    Count c;
    for (uint32_t k = 0; k < NETMON_NUM_HOST_CLASSES; k++)
        c += Count{d.packets[k], d.bytes[k]};
    return c;
}

} // namespace netmon
