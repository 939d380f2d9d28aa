// Test-only fluent builder of Ethernet frames, shared by the BPF tests and the
// raw-frame sender. Layers are appended in wire order; build() fills in what
// depends on later layers (EtherTypes, next-protocol fields, lengths) and the
// checksums, so a test states only what it is about. Any field a test wants
// wrong on purpose has an explicit override.
#pragma once

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace netmon::test {

using Bytes = std::vector<uint8_t>;
using Mac = std::array<uint8_t, 6>;
using Ipv4Addr = std::array<uint8_t, 4>;
using Ipv6Addr = std::array<uint8_t, 16>;

// EtherTypes and IP protocol numbers the builder fills in by itself.
inline constexpr uint16_t kEthIpv4 = 0x0800;
inline constexpr uint16_t kEthArp = 0x0806;
inline constexpr uint16_t kEthVlan = 0x8100; // 802.1Q
inline constexpr uint16_t kEthQinQ = 0x88a8; // 802.1ad (outer tag)
inline constexpr uint16_t kEthIpv6 = 0x86dd;
inline constexpr uint8_t kProtoHopByHop = 0;
inline constexpr uint8_t kProtoIcmp = 1;
inline constexpr uint8_t kProtoTcp = 6;
inline constexpr uint8_t kProtoUdp = 17;
inline constexpr uint8_t kProtoRouting = 43;
inline constexpr uint8_t kProtoFragment = 44;
inline constexpr uint8_t kProtoGre = 47;
inline constexpr uint8_t kProtoEsp = 50;
inline constexpr uint8_t kProtoAh = 51;
inline constexpr uint8_t kProtoIcmpv6 = 58;
inline constexpr uint8_t kProtoNoNext = 59;
inline constexpr uint8_t kProtoDestOpts = 60;
inline constexpr uint8_t kProtoSctp = 132;

// TCP flag bits (byte 13 of the header).
inline constexpr uint8_t kTcpFin = 0x01;
inline constexpr uint8_t kTcpSyn = 0x02;
inline constexpr uint8_t kTcpRst = 0x04;
inline constexpr uint8_t kTcpPsh = 0x08;
inline constexpr uint8_t kTcpAck = 0x10;

inline Mac parse_mac(const std::string &text)
{
    Mac mac{};
    unsigned v[6];
    char tail;
    if (std::sscanf(text.c_str(), "%x:%x:%x:%x:%x:%x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
                    &tail) != 6)
        throw std::invalid_argument("not a MAC address: " + text);
    for (size_t i = 0; i < mac.size(); i++) {
        if (v[i] > 0xff)
            throw std::invalid_argument("not a MAC address: " + text);
        mac[i] = static_cast<uint8_t>(v[i]);
    }
    return mac;
}

inline Ipv4Addr parse_ipv4(const std::string &text)
{
    Ipv4Addr a{};
    if (inet_pton(AF_INET, text.c_str(), a.data()) != 1)
        throw std::invalid_argument("not an IPv4 address: " + text);
    return a;
}

inline Ipv6Addr parse_ipv6(const std::string &text)
{
    Ipv6Addr a{};
    if (inet_pton(AF_INET6, text.c_str(), a.data()) != 1)
        throw std::invalid_argument("not an IPv6 address: " + text);
    return a;
}

// One's-complement sum (RFC 1071), not yet folded or inverted.
inline uint32_t ones_complement_sum(const uint8_t *p, size_t len, uint32_t sum = 0)
{
    for (size_t i = 0; i + 1 < len; i += 2)
        sum += static_cast<uint32_t>(p[i] << 8 | p[i + 1]);
    if (len & 1)
        sum += static_cast<uint32_t>(p[len - 1] << 8);
    return sum;
}

inline uint16_t fold_checksum(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<uint16_t>(~sum);
}

// The first n bytes of a frame (all of it if shorter).
inline Bytes truncated(const Bytes &frame, size_t n)
{
    return Bytes(frame.begin(),
                 frame.begin() + static_cast<std::ptrdiff_t>(std::min(n, frame.size())));
}

struct Ipv4Fields {
    uint8_t options_len = 0;  // bytes of options (NOPs), a multiple of 4
    uint16_t frag_offset = 0; // in 8-byte units
    bool more_fragments = false;
    bool dont_fragment = false;
    uint8_t ttl = 64;
    uint16_t id = 0x1234;
    uint8_t version = 4;        // override to build a malformed header
    std::optional<uint8_t> ihl; // override; default from options_len
};

struct TcpFields {
    uint8_t options_len = 0; // bytes of options (NOPs), a multiple of 4
    uint32_t seq = 1000;
    uint32_t ack = 0;
    uint16_t window = 65535;
};

class FrameBuilder {
  public:
    // Layer 2 -------------------------------------------------------------
    FrameBuilder &ethernet(const Mac &src, const Mac &dst)
    {
        Bytes h(dst.begin(), dst.end());
        h.insert(h.end(), src.begin(), src.end());
        h.resize(14);
        return push(Kind::Ethernet, std::move(h));
    }
    // A VLAN tag; the preceding EtherType becomes tpid (0x8100 or 0x88a8).
    FrameBuilder &vlan(uint16_t vid, uint16_t tpid = kEthVlan)
    {
        Layer &l = push_layer(Kind::Vlan, {uint8_t(vid >> 8 & 0x0f), uint8_t(vid), 0, 0});
        l.id = tpid;
        return *this;
    }
    // Sets the EtherType (or 802.3 length) of the last Ethernet/VLAN layer,
    // for payloads the builder cannot name by itself.
    FrameBuilder &ethertype(uint16_t type)
    {
        Layer &l = last_of({Kind::Ethernet, Kind::Vlan});
        l.next = type;
        return *this;
    }
    FrameBuilder &arp_request(const Mac &sender_mac, const Ipv4Addr &sender_ip,
                              const Ipv4Addr &target_ip)
    {
        Bytes h = {0, 1, 0x08, 0x00, 6, 4, 0, 1}; // Ethernet/IPv4, request
        h.insert(h.end(), sender_mac.begin(), sender_mac.end());
        h.insert(h.end(), sender_ip.begin(), sender_ip.end());
        h.insert(h.end(), 6, 0); // target MAC unknown
        h.insert(h.end(), target_ip.begin(), target_ip.end());
        return push(Kind::Arp, std::move(h));
    }

    // Layer 3 -------------------------------------------------------------
    FrameBuilder &ipv4(const Ipv4Addr &src, const Ipv4Addr &dst, const Ipv4Fields &f = {})
    {
        if (f.options_len % 4)
            throw std::invalid_argument("IPv4 options must be a multiple of 4 bytes");
        uint8_t ihl = f.ihl.value_or(static_cast<uint8_t>(5 + f.options_len / 4));
        uint16_t frag =
            static_cast<uint16_t>((f.frag_offset & 0x1fff) | (f.more_fragments ? 0x2000 : 0) |
                                  (f.dont_fragment ? 0x4000 : 0));
        Bytes h = {uint8_t(f.version << 4 | (ihl & 0x0f)),
                   0,
                   0,
                   0,
                   uint8_t(f.id >> 8),
                   uint8_t(f.id),
                   uint8_t(frag >> 8),
                   uint8_t(frag),
                   f.ttl,
                   0,
                   0,
                   0};
        h.insert(h.end(), src.begin(), src.end());
        h.insert(h.end(), dst.begin(), dst.end());
        h.insert(h.end(), f.options_len, 0x01); // NOP options
        Layer &l = push_layer(Kind::Ipv4, std::move(h));
        l.first_fragment = f.frag_offset == 0;
        return *this;
    }
    FrameBuilder &ipv6(const Ipv6Addr &src, const Ipv6Addr &dst, uint8_t hop_limit = 64)
    {
        Bytes h = {0x60, 0, 0, 0, 0, 0, 0, hop_limit};
        h.insert(h.end(), src.begin(), src.end());
        h.insert(h.end(), dst.begin(), dst.end());
        return push(Kind::Ipv6, std::move(h));
    }
    // Hop-by-hop / destination options: len bytes (multiple of 8), padded
    // with one PadN option so the header is valid.
    FrameBuilder &hop_by_hop(size_t len = 8) { return options_ext(kProtoHopByHop, len); }
    FrameBuilder &destination_options(size_t len = 8) { return options_ext(kProtoDestOpts, len); }
    // Routing header type 0 with segments left 0 (ignored by receivers).
    FrameBuilder &routing(size_t len = 8)
    {
        Bytes h = ext_header_8(len);
        return push_ext(kProtoRouting, std::move(h));
    }
    FrameBuilder &ipv6_fragment(uint16_t offset_units, bool more, uint32_t id = 0x42)
    {
        uint16_t off = static_cast<uint16_t>(offset_units << 3 | (more ? 1 : 0));
        Bytes h = {0,
                   0,
                   uint8_t(off >> 8),
                   uint8_t(off),
                   uint8_t(id >> 24),
                   uint8_t(id >> 16),
                   uint8_t(id >> 8),
                   uint8_t(id)};
        Layer &l = push_layer(Kind::Ipv6Ext, std::move(h));
        l.id = kProtoFragment;
        l.first_fragment = offset_units == 0;
        return *this;
    }
    // Authentication header with icv_len bytes of ICV: its length field is
    // in 4-byte units minus 2 (RFC 4302), unlike the other extension headers.
    FrameBuilder &authentication_header(size_t icv_len = 12, uint32_t spi = 0x1000)
    {
        size_t len = 12 + icv_len;
        if (len % 4)
            throw std::invalid_argument("AH length must be a multiple of 4 bytes");
        Bytes h = {0,
                   uint8_t(len / 4 - 2),
                   0,
                   0,
                   uint8_t(spi >> 24),
                   uint8_t(spi >> 16),
                   uint8_t(spi >> 8),
                   uint8_t(spi),
                   0,
                   0,
                   0,
                   1};
        h.insert(h.end(), icv_len, 0xab);
        return push_ext(kProtoAh, std::move(h));
    }
    // Sets the protocol / next header of the last IP or extension header
    // explicitly (for a payload the builder cannot name by itself).
    FrameBuilder &ip_proto(uint8_t proto)
    {
        Layer &l = last_of({Kind::Ipv4, Kind::Ipv6, Kind::Ipv6Ext});
        l.next = proto;
        return *this;
    }

    // Layer 4 -------------------------------------------------------------
    FrameBuilder &tcp(uint16_t sport, uint16_t dport, uint8_t flags, const TcpFields &f = {})
    {
        if (f.options_len % 4)
            throw std::invalid_argument("TCP options must be a multiple of 4 bytes");
        uint8_t doff = static_cast<uint8_t>(5 + f.options_len / 4);
        Bytes h = {uint8_t(sport >> 8),
                   uint8_t(sport),
                   uint8_t(dport >> 8),
                   uint8_t(dport),
                   uint8_t(f.seq >> 24),
                   uint8_t(f.seq >> 16),
                   uint8_t(f.seq >> 8),
                   uint8_t(f.seq),
                   uint8_t(f.ack >> 24),
                   uint8_t(f.ack >> 16),
                   uint8_t(f.ack >> 8),
                   uint8_t(f.ack),
                   uint8_t(doff << 4),
                   flags,
                   uint8_t(f.window >> 8),
                   uint8_t(f.window),
                   0,
                   0,
                   0,
                   0};
        h.insert(h.end(), f.options_len, 0x01); // NOP options
        return push(Kind::Tcp, std::move(h));
    }
    FrameBuilder &udp(uint16_t sport, uint16_t dport)
    {
        return push(Kind::Udp, {uint8_t(sport >> 8), uint8_t(sport), uint8_t(dport >> 8),
                                uint8_t(dport), 0, 0, 0, 0});
    }
    // SCTP common header; the CRC32c checksum is left zero.
    FrameBuilder &sctp(uint16_t sport, uint16_t dport, uint32_t vtag = 0x01020304)
    {
        return push(Kind::Sctp, {uint8_t(sport >> 8), uint8_t(sport), uint8_t(dport >> 8),
                                 uint8_t(dport), uint8_t(vtag >> 24), uint8_t(vtag >> 16),
                                 uint8_t(vtag >> 8), uint8_t(vtag), 0, 0, 0, 0});
    }
    // ICMP / ICMPv6 header with an echo-style id and sequence.
    FrameBuilder &icmp(uint8_t type, uint8_t code, uint16_t id = 1, uint16_t seq = 1)
    {
        return push(Kind::Icmp, icmp_header(type, code, id, seq));
    }
    FrameBuilder &icmpv6(uint8_t type, uint8_t code, uint16_t id = 1, uint16_t seq = 1)
    {
        return push(Kind::Icmpv6, icmp_header(type, code, id, seq));
    }
    // GRE base header (no checksum, key or sequence) carrying `protocol`.
    FrameBuilder &gre(uint16_t protocol = kEthIpv4)
    {
        return push(Kind::Gre, {0, 0, uint8_t(protocol >> 8), uint8_t(protocol)});
    }
    // Opaque header of IP protocol `proto` (ESP, anything unparsed).
    FrameBuilder &l4_raw(uint8_t proto, Bytes header)
    {
        Layer &l = push_layer(Kind::RawL4, std::move(header));
        l.id = proto;
        return *this;
    }

    // Payload -------------------------------------------------------------
    // n bytes of a fixed pattern, so frames are deterministic.
    FrameBuilder &payload(size_t n)
    {
        Bytes p(n);
        for (size_t i = 0; i < n; i++)
            p[i] = static_cast<uint8_t>(i);
        return push(Kind::Payload, std::move(p));
    }
    FrameBuilder &bytes(Bytes b) { return push(Kind::Payload, std::move(b)); }

    Bytes build() const
    {
        Bytes out;
        std::vector<size_t> offset(layers_.size());
        for (size_t i = 0; i < layers_.size(); i++) {
            offset[i] = out.size();
            out.insert(out.end(), layers_[i].header.begin(), layers_[i].header.end());
        }
        for (size_t i = 0; i < layers_.size(); i++)
            fill_next_field(out, offset[i], i);
        // Lengths and checksums, innermost first: an outer checksum covers
        // inner headers only through the IPv4 header checksum, which needs
        // nothing from its payload, so the order only matters for lengths.
        for (size_t i = layers_.size(); i-- > 0;)
            fill_length_and_checksum(out, offset, i);
        return out;
    }

  private:
    enum class Kind {
        Ethernet,
        Vlan,
        Arp,
        Ipv4,
        Ipv6,
        Ipv6Ext,
        Tcp,
        Udp,
        Sctp,
        Icmp,
        Icmpv6,
        Gre,
        RawL4,
        Payload,
    };
    struct Layer {
        Kind kind;
        Bytes header;
        uint16_t id = 0;              // VLAN: TPID; ext header / raw L4: protocol
        std::optional<uint16_t> next; // explicit EtherType / next protocol
        bool first_fragment = true;
    };

    FrameBuilder &push(Kind kind, Bytes header)
    {
        push_layer(kind, std::move(header));
        return *this;
    }
    Layer &push_layer(Kind kind, Bytes header)
    {
        layers_.push_back(Layer{kind, std::move(header), 0, std::nullopt, true});
        return layers_.back();
    }
    Layer &last_of(std::initializer_list<Kind> kinds)
    {
        for (size_t i = layers_.size(); i-- > 0;)
            for (Kind k : kinds)
                if (layers_[i].kind == k)
                    return layers_[i];
        throw std::logic_error("frame builder: no layer to set this field on");
    }
    static Bytes ext_header_8(size_t len)
    {
        if (len < 8 || len % 8)
            throw std::invalid_argument("IPv6 extension headers are multiples of 8 bytes");
        Bytes h(len, 0);
        h[1] = static_cast<uint8_t>(len / 8 - 1); // 8-byte units minus 1 (RFC 8200)
        return h;
    }
    FrameBuilder &options_ext(uint8_t type, size_t len)
    {
        Bytes h = ext_header_8(len);
        h[2] = 1; // PadN covering the rest
        h[3] = static_cast<uint8_t>(len - 4);
        return push_ext(type, std::move(h));
    }
    FrameBuilder &push_ext(uint8_t type, Bytes h)
    {
        Layer &l = push_layer(Kind::Ipv6Ext, std::move(h));
        l.id = type;
        return *this;
    }
    static Bytes icmp_header(uint8_t type, uint8_t code, uint16_t id, uint16_t seq)
    {
        return {type, code, 0, 0, uint8_t(id >> 8), uint8_t(id), uint8_t(seq >> 8), uint8_t(seq)};
    }

    // EtherType that announces layer i, if it is a layer-3 (or tag) header.
    std::optional<uint16_t> ethertype_of(size_t i) const
    {
        if (i >= layers_.size())
            return std::nullopt;
        switch (layers_[i].kind) {
        case Kind::Vlan:
            return layers_[i].id;
        case Kind::Ipv4:
            return kEthIpv4;
        case Kind::Ipv6:
            return kEthIpv6;
        case Kind::Arp:
            return kEthArp;
        default:
            return std::nullopt;
        }
    }
    // IP protocol number that announces layer i.
    std::optional<uint16_t> ip_proto_of(size_t i) const
    {
        if (i >= layers_.size())
            return kProtoNoNext;
        switch (layers_[i].kind) {
        case Kind::Ipv4:
            return 4;
        case Kind::Ipv6:
            return 41;
        case Kind::Ipv6Ext:
        case Kind::RawL4:
            return layers_[i].id;
        case Kind::Tcp:
            return kProtoTcp;
        case Kind::Udp:
            return kProtoUdp;
        case Kind::Sctp:
            return kProtoSctp;
        case Kind::Icmp:
            return kProtoIcmp;
        case Kind::Icmpv6:
            return kProtoIcmpv6;
        case Kind::Gre:
            return kProtoGre;
        default:
            return kProtoNoNext;
        }
    }

    void fill_next_field(Bytes &out, size_t off, size_t i) const
    {
        const Layer &l = layers_[i];
        switch (l.kind) {
        case Kind::Ethernet:
        case Kind::Vlan: {
            // Ethernet: bytes 12-13; a tag: its encapsulated type, bytes 2-3.
            size_t at = off + (l.kind == Kind::Ethernet ? 12 : 2);
            uint16_t type = l.next ? *l.next : ethertype_of(i + 1).value_or(0);
            out[at] = static_cast<uint8_t>(type >> 8);
            out[at + 1] = static_cast<uint8_t>(type);
            break;
        }
        case Kind::Ipv4:
            out[off + 9] = static_cast<uint8_t>(l.next ? *l.next : *ip_proto_of(i + 1));
            break;
        case Kind::Ipv6:
            out[off + 6] = static_cast<uint8_t>(l.next ? *l.next : *ip_proto_of(i + 1));
            break;
        case Kind::Ipv6Ext:
            out[off] = static_cast<uint8_t>(l.next ? *l.next : *ip_proto_of(i + 1));
            break;
        default:
            break;
        }
    }

    // The IP header layer i's transport checksum is computed against.
    std::optional<size_t> enclosing_ip(size_t i) const
    {
        for (size_t j = i; j-- > 0;)
            if (layers_[j].kind == Kind::Ipv4 || layers_[j].kind == Kind::Ipv6)
                return j;
        return std::nullopt;
    }

    uint32_t pseudo_header_sum(const Bytes &out, const std::vector<size_t> &offset, size_t ip,
                               uint8_t proto, size_t l4_len) const
    {
        const uint8_t *h = out.data() + offset[ip];
        uint32_t sum = layers_[ip].kind == Kind::Ipv4 ? ones_complement_sum(h + 12, 8)
                                                      : ones_complement_sum(h + 8, 32);
        sum += proto;
        sum += static_cast<uint32_t>(l4_len >> 16) + static_cast<uint32_t>(l4_len & 0xffff);
        return sum;
    }

    static void put16(Bytes &out, size_t at, uint16_t v)
    {
        out[at] = static_cast<uint8_t>(v >> 8);
        out[at + 1] = static_cast<uint8_t>(v);
    }

    void fill_length_and_checksum(Bytes &out, const std::vector<size_t> &offset, size_t i) const
    {
        const Layer &l = layers_[i];
        size_t off = offset[i];
        size_t to_end = out.size() - off;
        switch (l.kind) {
        case Kind::Ipv4: {
            put16(out, off + 2, static_cast<uint16_t>(to_end));
            put16(out, off + 10, fold_checksum(ones_complement_sum(&out[off], l.header.size())));
            break;
        }
        case Kind::Ipv6:
            put16(out, off + 4, static_cast<uint16_t>(to_end - 40));
            break;
        case Kind::Udp:
            put16(out, off + 4, static_cast<uint16_t>(to_end));
            transport_checksum(out, offset, i, kProtoUdp, 6);
            break;
        case Kind::Tcp:
            transport_checksum(out, offset, i, kProtoTcp, 16);
            break;
        case Kind::Icmpv6:
            transport_checksum(out, offset, i, kProtoIcmpv6, 2);
            break;
        case Kind::Icmp:
            put16(out, off + 2, fold_checksum(ones_complement_sum(&out[off], to_end)));
            break;
        default:
            break;
        }
    }

    // TCP/UDP/ICMPv6 checksum over the pseudo header and the segment; left
    // zero behind a non-first fragment (the segment is not all here).
    void transport_checksum(Bytes &out, const std::vector<size_t> &offset, size_t i, uint8_t proto,
                            size_t checksum_at) const
    {
        auto ip = enclosing_ip(i);
        if (!ip)
            return;
        for (size_t j = *ip; j < i; j++)
            if (!layers_[j].first_fragment)
                return;
        size_t off = offset[i];
        size_t len = out.size() - off;
        uint32_t sum = pseudo_header_sum(out, offset, *ip, proto, len);
        uint16_t c = fold_checksum(ones_complement_sum(&out[off], len, sum));
        if (proto == kProtoUdp && c == 0)
            c = 0xffff; // 0 means "no checksum" in UDP
        put16(out, off + checksum_at, c);
    }

    std::vector<Layer> layers_;
};

} // namespace netmon::test
