#include "alerts/selector_match.h"

#include <cstring>

namespace netmon::alerts {

namespace {

using Op = Selector::Op;
using Side = Selector::Side;

bool is_ip(const netmon_flow_key &k)
{
    return k.kind == NETMON_KIND_IPV4 || k.kind == NETMON_KIND_IPV6;
}

bool family_is(const netmon_flow_key &k, uint8_t family)
{
    return family == 0 ? is_ip(k) : k.kind == (family == 4 ? NETMON_KIND_IPV4 : NETMON_KIND_IPV6);
}

bool prefix_match(const uint8_t *addr, const std::array<uint8_t, 16> &prefix, unsigned bits)
{
    const unsigned whole = bits / 8;
    if (std::memcmp(addr, prefix.data(), whole) != 0)
        return false;
    const unsigned rest = bits % 8;
    if (rest == 0)
        return true;
    const uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
    return (addr[whole] & mask) == (prefix[whole] & mask);
}

bool on_side(Side side, bool src, bool dst)
{
    switch (side) {
    case Side::Src:
        return src;
    case Side::Dst:
        return dst;
    case Side::Either:
        break;
    }
    return src || dst;
}

// pcap-filter's `port`: TCP, UDP and SCTP. A non-first fragment's key has
// ports 0, and rules never ask for port 0, so fragments never match.
bool has_ports(const netmon_flow_key &k)
{
    return is_ip(k) && (k.proto == 6 || k.proto == 17 || k.proto == 132);
}

constexpr uint16_t kEtherTypeArp = 0x0806;

bool flow_matches(const Selector &s, const FlowDetail::Update &u, const MatchContext &ctx)
{
    const netmon_flow_key &k = u.key;
    const LocalNets &nets = ctx.nets;
    switch (s.op) {
    case Op::Proto:
        return family_is(k, s.family) && k.proto == s.proto;
    case Op::Family:
        return family_is(k, s.family);
    case Op::Host:
    case Op::Net:
        return family_is(k, s.family) && on_side(s.side, prefix_match(k.src, s.addr, s.prefix_bits),
                                                 prefix_match(k.dst, s.addr, s.prefix_bits));
    case Op::Port:
        return has_ports(k) && on_side(s.side, k.sport == s.port, k.dport == s.port);
    case Op::Inbound:
        return nets.classify(k) == Direction::Inbound;
    case Op::Outbound:
        return nets.classify(k) == Direction::Outbound;
    case Op::Internal:
        return nets.classify(k) == Direction::Internal;
    case Op::TcpFlag:
        return is_ip(k) && k.proto == 6 && (u.delta.tcp_flags & s.tcp_flag) != 0;
    case Op::Arp:
        return k.kind == NETMON_KIND_L2 && k.ethertype == kEtherTypeArp;
    case Op::New:
        return is_ip(k) && on_side(s.side, !ctx.known.known(k.src), !ctx.known.known(k.dst));
    case Op::Process:
        return u.process && u.process->comm == s.process;
    default:
        return false; // combinators and Syn: handled by match_parts
    }
}

} // namespace

uint8_t match_parts(const Selector *s, const FlowDetail::Update &u, const MatchContext &ctx)
{
    if (!s)
        return kAllParts;
    switch (s->op) {
    case Op::And: {
        const uint8_t l = match_parts(s->left.get(), u, ctx);
        return l ? l & match_parts(s->right.get(), u, ctx) : 0;
    }
    case Op::Or: {
        const uint8_t l = match_parts(s->left.get(), u, ctx);
        return l == kAllParts ? l : l | match_parts(s->right.get(), u, ctx);
    }
    case Op::Not:
        return kAllParts & ~match_parts(s->left.get(), u, ctx);
    case Op::Syn:
        return is_ip(u.key) && u.key.proto == 6 ? kSynPart : 0;
    default:
        return flow_matches(*s, u, ctx) ? kAllParts : 0;
    }
}

} // namespace netmon::alerts
