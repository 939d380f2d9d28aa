// The join of a flow with the local socket it belongs to, over a copy of
// the kernel's socket table (bpf/sockets.bpf.c). Pure: no kernel access.
#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "netmon/flow.h"
#include "netmon/socket_owner.h"

namespace netmon::process {

struct SocketEntry {
    netmon_sock_key key{};
    netmon_sock_owner owner{};
};

// netmon_sock_key as a key of standard containers (it has no implicit padding).
struct SockKeyHash {
    size_t operator()(const netmon_sock_key &k) const;
};
struct SockKeyEqual {
    bool operator()(const netmon_sock_key &a, const netmon_sock_key &b) const;
};

// The socket a flow matched, and whether its local end is the flow's source.
struct SocketMatch {
    const netmon_sock_owner *owner = nullptr; // null: no local socket
    bool local_is_src = false;
};

class SocketJoin {
  public:
    // `netns`: the network namespace the monitored interfaces are in.
    explicit SocketJoin(uint32_t netns) : netns_(netns) {}

    void assign(const std::vector<SocketEntry> &entries);
    size_t size() const { return by_key_.size(); }

    // Most specific first: the connected socket of the exact 5-tuple, then
    // a socket bound to the local address and port with no peer, then one
    // bound to the port on every address (the kernel's own lookup order
    // for UDP). The side the hook makes likelier local (the source of what
    // the host sends, the destination of what arrives) is tried first.
    // Only TCP and UDP over IP have sockets: anything else is no match.
    SocketMatch find(const netmon_flow_key &flow) const;

  private:
    const netmon_sock_owner *lookup(const netmon_sock_key &k) const;

    uint32_t netns_;
    // Local ports with a socket, TCP and UDP: a flow with neither port here
    // (most of a spoofed flood) is answered without hashing six keys.
    std::bitset<65536> tcp_ports_;
    std::bitset<65536> udp_ports_;
    std::unordered_map<netmon_sock_key, netmon_sock_owner, SockKeyHash, SockKeyEqual> by_key_;
};

} // namespace netmon::process
