// The local networks (--local-net): which addresses are "ours", and so
// whether a flow is inbound, outbound, internal or neither.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "netmon/flow.h"
#include "snapshot/snapshot.h"

namespace netmon {

class LocalNets {
  public:
    // Parses "a.b.c.d/n" or "x::y/n" (a bare address is a /32 or /128);
    // throws netmon::Error(kExitUsage) naming the bad one.
    void add(const std::string &cidr);

    // The networks in canonical form ("10.0.0.0/8"), as given.
    const std::vector<std::string> &names() const { return names_; }

    // For IP kinds only: the address is in one of the networks.
    bool contains(uint8_t kind, const uint8_t *addr) const;
    Direction classify(const netmon_flow_key &key) const;

  private:
    struct Prefix {
        std::array<uint8_t, 16> addr{}; // IPv4 as IPv4-mapped IPv6
        unsigned bits = 0;              // of the 128
        bool ipv4 = false;
    };
    std::vector<Prefix> nets_;
    std::vector<std::string> names_;
};

} // namespace netmon
