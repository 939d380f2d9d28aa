// The hosts `new src|dst host` does not call new (docs/alerts.md): every
// address seen during the learning period (--baseline-warmup, on the
// snapshots' clock, so replay learns on the capture's), plus the addresses
// and CIDRs of --known-hosts. What was learned is saved in --baseline.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "snapshot/snapshot.h"

namespace netmon::alerts {

// Learning keeps at most this many addresses (~50 bytes each): a spoofed
// flood during the learning period cannot take the memory.
constexpr size_t kMaxLearnedHosts = 1000000;
// A --known-hosts file larger than this is refused unread.
constexpr size_t kMaxKnownHostsFileBytes = 16 << 20;

class KnownHosts {
  public:
    using Address = std::array<uint8_t, 16>; // IPv4 as IPv4-mapped IPv6

    // --known-hosts: one address or CIDR a line, '#' comments. Throws
    // netmon::Error (exit 2) naming the line.
    void load_file(const std::string &path);

    // Learns the addresses of the interval's IP flows, until warm.
    void learn(const Snapshot &snap, double warmup_s);
    bool warm(double warmup_s) const { return learned_s_ + 1e-9 >= warmup_s; }
    double learned_s() const { return learned_s_; }
    // Addresses not learned because kMaxLearnedHosts was reached.
    uint64_t dropped() const { return dropped_; }

    bool known(const uint8_t *addr) const;

    // What was learned, for --baseline (the file's entries are not saved).
    nlohmann::json to_json() const;
    void from_json(const nlohmann::json &j); // throws std::runtime_error

  private:
    struct AddressHash {
        size_t operator()(const Address &a) const noexcept;
    };
    using AddressSet = std::unordered_set<Address, AddressHash>;

    std::unordered_set<Address, AddressHash> learned_;
    // --known-hosts, by prefix length (of the 128): one lookup per length.
    std::map<unsigned, AddressSet> listed_;
    double learned_s_ = 0;
    uint64_t dropped_ = 0;
};

} // namespace netmon::alerts
