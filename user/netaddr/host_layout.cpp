#include "netaddr/host_layout.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "core/error.h"

namespace netmon {

namespace {

struct Net {
    std::array<uint8_t, 16> prefix{};
    unsigned bits = 0; // of the 128
    bool ipv4 = false;
    std::string name;
};

// Parses a canonical name of LocalNets::names() ("a.b.c.d/n", "x::y/n").
Net parse(const std::string &name)
{
    Net n;
    n.name = name;
    const size_t slash = name.find('/');
    const std::string address = name.substr(0, slash);
    const auto bits = static_cast<unsigned>(std::stoul(name.substr(slash + 1)));
    if (inet_pton(AF_INET, address.c_str(), &n.prefix[12]) == 1) {
        n.prefix[10] = n.prefix[11] = 0xff;
        n.ipv4 = true;
        n.bits = 96 + bits;
    } else {
        inet_pton(AF_INET6, address.c_str(), n.prefix.data());
        n.bits = bits;
    }
    return n;
}

bool contains(const Net &outer, const Net &inner)
{
    if (outer.ipv4 != inner.ipv4 || outer.bits > inner.bits)
        return false;
    for (unsigned i = 0; i < outer.bits; i++) {
        const uint8_t bit = static_cast<uint8_t>(0x80 >> (i % 8));
        if ((outer.prefix[i / 8] & bit) != (inner.prefix[i / 8] & bit))
            return false;
    }
    return true;
}

std::array<uint8_t, 16> mask_of(unsigned bits)
{
    std::array<uint8_t, 16> m{};
    for (unsigned i = 0; i < bits; i++)
        m[i / 8] |= static_cast<uint8_t>(0x80 >> (i % 8));
    return m;
}

std::string too_many(const std::string &what)
{
    return "--local-net: " + what + "; the per-host counters hold at most " +
           std::to_string(NETMON_MAX_HOST_SLOTS) +
           " local addresses (a /16, or an IPv6 /112) in at most " +
           std::to_string(NETMON_MAX_LOCAL_NETS) + " networks (docs/memory.md)";
}

} // namespace

HostLayout::HostLayout(const LocalNets &nets)
{
    std::vector<Net> all;
    for (const auto &name : nets.names())
        all.push_back(parse(name));
    // Widest first, so a network inside an earlier one is dropped: each
    // address has exactly one slot.
    std::stable_sort(all.begin(), all.end(),
                     [](const Net &a, const Net &b) { return a.bits < b.bits; });
    std::vector<Net> kept;
    for (const Net &n : all)
        if (std::none_of(kept.begin(), kept.end(), [&](const Net &k) { return contains(k, n); }))
            kept.push_back(n);
    if (kept.size() > NETMON_MAX_LOCAL_NETS)
        throw Error(too_many(std::to_string(kept.size()) + " networks"), kExitUsage);

    uint64_t slots = 0;
    for (const Net &n : kept) {
        const unsigned host_bits = 128 - n.bits;
        if (host_bits > 16 || slots + (uint64_t{1} << host_bits) > NETMON_MAX_HOST_SLOTS)
            throw Error(too_many(n.name + " brings the total past " +
                                 std::to_string(NETMON_MAX_HOST_SLOTS) + " addresses"),
                        kExitUsage);
        netmon_local_net &out = config_.net[config_.nets++];
        const auto mask = mask_of(n.bits);
        std::memcpy(out.prefix, n.prefix.data(), 16);
        std::memcpy(out.mask, mask.data(), 16);
        out.base = static_cast<uint32_t>(slots);
        out.host_mask = static_cast<uint32_t>((uint64_t{1} << host_bits) - 1);
        ipv4_.push_back(n.ipv4);
        slots += uint64_t{1} << host_bits;
    }
    config_.slots = static_cast<uint32_t>(slots);
}

HostAddress HostLayout::address(uint32_t slot) const
{
    HostAddress a;
    for (uint32_t i = 0; i < config_.nets; i++) {
        const netmon_local_net &n = config_.net[i];
        if (slot < n.base || slot - n.base > n.host_mask)
            continue;
        std::memcpy(a.addr.data(), n.prefix, 16);
        const uint32_t host = slot - n.base;
        a.addr[14] |= static_cast<uint8_t>(host >> 8);
        a.addr[15] |= static_cast<uint8_t>(host);
        a.kind = ipv4_[i] ? NETMON_KIND_IPV4 : NETMON_KIND_IPV6;
        return a;
    }
    return a;
}

int64_t HostLayout::slot_of(uint8_t kind, const uint8_t *addr) const
{
    if (kind != NETMON_KIND_IPV4 && kind != NETMON_KIND_IPV6)
        return -1;
    uint64_t w[2];
    std::memcpy(w, addr, 16);
    for (uint32_t i = 0; i < config_.nets; i++) {
        const netmon_local_net &n = config_.net[i];
        if ((w[0] & n.mask[0]) != n.prefix[0] || (w[1] & n.mask[1]) != n.prefix[1])
            continue;
        return n.base + ((uint32_t{addr[14]} << 8 | addr[15]) & n.host_mask);
    }
    return -1;
}

} // namespace netmon
