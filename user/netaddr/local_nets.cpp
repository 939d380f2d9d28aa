#include "netaddr/local_nets.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

#include "core/error.h"

namespace netmon {

namespace {

bool prefix_matches(const uint8_t *addr, const std::array<uint8_t, 16> &prefix, unsigned bits)
{
    unsigned whole = bits / 8;
    if (std::memcmp(addr, prefix.data(), whole) != 0)
        return false;
    unsigned rest = bits % 8;
    if (rest == 0)
        return true;
    uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
    return (addr[whole] & mask) == (prefix[whole] & mask);
}

void clear_host_bits(std::array<uint8_t, 16> &addr, unsigned bits)
{
    for (unsigned i = 0; i < 16; i++) {
        unsigned keep = bits > i * 8 ? std::min(8u, bits - i * 8) : 0;
        addr[i] &= static_cast<uint8_t>(keep ? 0xff << (8 - keep) : 0);
    }
}

} // namespace

void LocalNets::add(const std::string &cidr)
{
    auto bad = [&](const std::string &why) {
        return Error("--local-net '" + cidr + "': " + why +
                         " (expected an address/prefix, e.g. 192.0.2.0/24 or 2001:db8::/32)",
                     kExitUsage);
    };
    size_t slash = cidr.find('/');
    std::string address = cidr.substr(0, slash);
    Prefix p;
    unsigned max_bits;
    uint8_t v4[4];
    if (inet_pton(AF_INET, address.c_str(), v4) == 1) {
        p.ipv4 = true;
        p.addr[10] = p.addr[11] = 0xff;
        std::memcpy(&p.addr[12], v4, 4);
        max_bits = 32;
    } else if (inet_pton(AF_INET6, address.c_str(), p.addr.data()) == 1) {
        max_bits = 128;
    } else {
        throw bad("not an IPv4 or IPv6 address");
    }
    unsigned bits = max_bits;
    if (slash != std::string::npos) {
        std::string len = cidr.substr(slash + 1);
        if (len.empty() || len.size() > 3 ||
            len.find_first_not_of("0123456789") != std::string::npos)
            throw bad("bad prefix length");
        bits = static_cast<unsigned>(std::stoul(len));
        if (bits > max_bits)
            throw bad("prefix length over " + std::to_string(max_bits));
    }
    p.bits = bits + (p.ipv4 ? 96 : 0);
    clear_host_bits(p.addr, p.bits);

    char text[INET6_ADDRSTRLEN] = {};
    if (p.ipv4)
        inet_ntop(AF_INET, &p.addr[12], text, sizeof text);
    else
        inet_ntop(AF_INET6, p.addr.data(), text, sizeof text);
    std::string name = std::string(text) + "/" + std::to_string(bits);
    for (const std::string &n : names_)
        if (n == name)
            return; // given twice (or an address of an interface in it twice)
    nets_.push_back(p);
    names_.push_back(name);
}

bool LocalNets::contains(uint8_t kind, const uint8_t *addr) const
{
    if (kind != NETMON_KIND_IPV4 && kind != NETMON_KIND_IPV6)
        return false;
    for (const Prefix &p : nets_)
        if (p.ipv4 == (kind == NETMON_KIND_IPV4) && prefix_matches(addr, p.addr, p.bits))
            return true;
    return false;
}

Direction LocalNets::classify(const netmon_flow_key &key) const
{
    bool src = contains(key.kind, key.src);
    bool dst = contains(key.kind, key.dst);
    if (src && dst)
        return Direction::Internal;
    if (src)
        return Direction::Outbound;
    if (dst)
        return Direction::Inbound;
    return Direction::Other;
}

} // namespace netmon
