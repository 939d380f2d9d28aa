#include "process/socket_join.h"

#include <array>
#include <cstring>
#include <string_view>

namespace netmon::process {

namespace {

constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;

// The three keys a flow's local end can be recorded under, most specific
// first (see SocketJoin::find).
std::array<netmon_sock_key, 3> candidates(const uint8_t *local, uint16_t local_port,
                                          const uint8_t *remote, uint16_t remote_port,
                                          uint8_t proto, uint32_t netns)
{
    netmon_sock_key exact{};
    std::memcpy(exact.local, local, 16);
    std::memcpy(exact.remote, remote, 16);
    exact.local_port = local_port;
    exact.remote_port = remote_port;
    exact.netns = netns;
    exact.proto = proto;
    netmon_sock_key any_peer = exact;
    std::memset(any_peer.remote, 0, 16);
    any_peer.remote_port = 0;
    netmon_sock_key any_address = any_peer;
    std::memset(any_address.local, 0, 16);
    return {exact, any_peer, any_address};
}

} // namespace

size_t SockKeyHash::operator()(const netmon_sock_key &k) const
{
    return std::hash<std::string_view>{}(
        std::string_view(reinterpret_cast<const char *>(&k), sizeof(k)));
}

bool SockKeyEqual::operator()(const netmon_sock_key &a, const netmon_sock_key &b) const
{
    return std::memcmp(&a, &b, sizeof(a)) == 0;
}

void SocketJoin::assign(const std::vector<SocketEntry> &entries)
{
    by_key_.clear();
    tcp_ports_.reset();
    udp_ports_.reset();
    for (const SocketEntry &e : entries) {
        by_key_[e.key] = e.owner;
        (e.key.proto == kTcp ? tcp_ports_ : udp_ports_).set(e.key.local_port);
    }
}

const netmon_sock_owner *SocketJoin::lookup(const netmon_sock_key &k) const
{
    auto it = by_key_.find(k);
    return it == by_key_.end() ? nullptr : &it->second;
}

SocketMatch SocketJoin::find(const netmon_flow_key &flow) const
{
    if (flow.kind == NETMON_KIND_L2 || (flow.proto != kTcp && flow.proto != kUdp))
        return {};
    const auto &ports = flow.proto == kTcp ? tcp_ports_ : udp_ports_;
    if (!ports.test(flow.sport) && !ports.test(flow.dport))
        return {};
    auto as_src = candidates(flow.src, flow.sport, flow.dst, flow.dport, flow.proto, netns_);
    auto as_dst = candidates(flow.dst, flow.dport, flow.src, flow.sport, flow.proto, netns_);
    const bool src_first = flow.hook == NETMON_HOOK_EGRESS;
    for (size_t level = 0; level < as_src.size(); level++) {
        for (bool src_local : {src_first, !src_first}) {
            const auto &key = src_local ? as_src[level] : as_dst[level];
            if (const netmon_sock_owner *owner = lookup(key))
                return {owner, src_local};
        }
    }
    return {};
}

} // namespace netmon::process
