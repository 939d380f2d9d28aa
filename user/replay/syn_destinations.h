// Local networks guessed from a capture when --local-net is not given: the
// addresses that most often receive a TCP SYN (without ACK) are the
// capture's servers, so most likely the monitored side. Only a guess, and
// the output says so.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace netmon::replay {

class SynDestinations {
  public:
    // Distinct destinations tracked; SYNs to more are counted, not kept.
    static constexpr size_t kMaxTracked = 65536;
    // At most this many guesses, each the destination of at least
    // 1/kShareDivisor of all SYNs (a scan of many addresses guesses none).
    static constexpr size_t kMaxGuesses = 4;
    static constexpr uint64_t kShareDivisor = 10;

    // One Ethernet frame `p` (VLAN tags skipped; IPv4, or IPv6 with TCP next).
    void add(std::span<const uint8_t> p);

    struct Guess {
        std::string cidr; // "10.0.0.5/32", "2001:db8::1/128"
        uint64_t syns = 0;
    };
    // Most SYNs first; ties by address, so the guess is reproducible.
    std::vector<Guess> guess() const;
    uint64_t syns() const { return syns_; }

  private:
    using Address = std::array<uint8_t, 17>; // [0]: 4 or 6, then the address
    struct Hash {
        size_t operator()(const Address &a) const;
    };
    std::unordered_map<Address, uint64_t, Hash> counts_;
    uint64_t syns_ = 0;
};

} // namespace netmon::replay
