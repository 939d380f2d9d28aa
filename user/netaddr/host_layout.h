// Where each local address counts in the kernel's per-host table: the
// local networks as the program matches them (struct netmon_host_config),
// and back, from a slot to its address.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "netaddr/local_nets.h"
#include "netmon/host_counters.h"

namespace netmon {

struct HostAddress {
    uint8_t kind = NETMON_KIND_IPV4; // enum netmon_flow_kind
    std::array<uint8_t, 16> addr{};  // IPv4 as IPv4-mapped IPv6
};

class HostLayout {
  public:
    // No local networks: no slots, the program counts no host.
    HostLayout() = default;
    // One slot per address of the networks (a network inside another one
    // adds none). Throws netmon::Error(kExitUsage) when they hold more than
    // NETMON_MAX_HOST_SLOTS addresses or are more than NETMON_MAX_LOCAL_NETS.
    explicit HostLayout(const LocalNets &nets);

    // For the program's .rodata; sources_seed is the loader's to set.
    const netmon_host_config &config() const { return config_; }
    uint32_t slots() const { return config_.slots; }
    HostAddress address(uint32_t slot) const;
    // The slot of an address, as the program finds it; -1 if not local.
    int64_t slot_of(uint8_t kind, const uint8_t *addr) const;

  private:
    netmon_host_config config_{};
    std::vector<bool> ipv4_; // by network
};

} // namespace netmon
