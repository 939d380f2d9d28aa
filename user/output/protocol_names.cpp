#include "output/protocol_names.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "netmon/flow.h"

namespace netmon {
namespace {

struct ProtoName {
    uint8_t number;
    std::string_view name;
};

// IANA "Assigned Internet Protocol Numbers", the ones seen in practice.
constexpr ProtoName kIpProtocols[] = {
    {0, "HOPOPT"},     {1, "ICMP"},   {2, "IGMP"},          {4, "IPIP"},        {6, "TCP"},
    {17, "UDP"},       {33, "DCCP"},  {41, "IPv6-in-IPv4"}, {43, "IPv6-Route"}, {44, "IPv6-Frag"},
    {47, "GRE"},       {50, "ESP"},   {51, "AH"},           {58, "ICMPv6"},     {59, "IPv6-NoNxt"},
    {60, "IPv6-Opts"}, {88, "EIGRP"}, {89, "OSPF"},         {94, "IPIP-old"},   {103, "PIM"},
    {112, "VRRP"},     {115, "L2TP"}, {132, "SCTP"},        {136, "UDPLite"},   {137, "MPLS-in-IP"},
};

struct EtherTypeName {
    uint16_t type;
    std::string_view name;
};

constexpr EtherTypeName kEtherTypes[] = {
    {0x0800, "ipv4"},
    {0x0806, "arp"},
    {0x0842, "wol"},
    {0x22f3, "trill"},
    {0x8035, "rarp"},
    {0x809b, "appletalk"},
    {0x8100, "vlan"},
    {0x86dd, "ipv6"},
    {0x8808, "pause"},
    {0x8809, "lacp"},
    {0x8847, "mpls"},
    {0x8848, "mpls-mc"},
    {0x8863, "pppoe-discovery"},
    {0x8864, "pppoe-session"},
    {0x888e, "eapol"},
    {0x8892, "profinet"},
    {0x88a8, "qinq"},
    {0x88cc, "lldp"},
    {0x88e5, "macsec"},
    {0x88f7, "ptp"},
    {0x8902, "cfm"},
    {0x9000, "loopback"},
};

// Ethernet II types start at 0x0600; below that the field is an 802.3 length.
constexpr uint16_t kMinEtherType = 0x0600;

struct IcmpName {
    uint8_t type;
    std::string_view name;
};

constexpr IcmpName kIcmpTypes[] = {
    {0, "echo-reply"},           {3, "dest-unreachable"},
    {4, "source-quench"},        {5, "redirect"},
    {8, "echo-request"},         {9, "router-advertisement"},
    {10, "router-solicitation"}, {11, "time-exceeded"},
    {12, "parameter-problem"},   {13, "timestamp-request"},
    {14, "timestamp-reply"},
};

// Codes of ICMPv4 dest-unreachable, common enough to name (traceroute, PMTUD).
constexpr std::string_view kIcmpUnreachable[] = {
    "net-unreachable",  "host-unreachable",     "protocol-unreachable",
    "port-unreachable", "fragmentation-needed",
};

constexpr IcmpName kIcmpv6Types[] = {
    {1, "dest-unreachable"},
    {2, "packet-too-big"},
    {3, "time-exceeded"},
    {4, "parameter-problem"},
    {128, "echo-request"},
    {129, "echo-reply"},
    {130, "mld-query"},
    {131, "mld-report"},
    {132, "mld-done"},
    {133, "router-solicitation"},
    {134, "router-advertisement"},
    {135, "neighbor-solicitation"},
    {136, "neighbor-advertisement"},
    {137, "redirect"},
    {143, "mldv2-report"},
};

// Every table is {key, name} pairs; a linear scan of a few dozen is cheap.
template <typename Table, typename Key> std::string_view lookup(const Table &table, Key key)
{
    for (const auto &[k, name] : table)
        if (k == key)
            return name;
    return {};
}

} // namespace

std::string_view ip_protocol_name(uint8_t proto) { return lookup(kIpProtocols, proto); }

std::string_view counter_class_name(uint32_t cls)
{
    switch (cls) {
    case NETMON_CTR_ARP:
        return "ARP";
    case NETMON_CTR_OTHER_L2:
        return "other EtherTypes";
    case NETMON_CTR_MALFORMED_IP:
        return "IP, header unreadable";
    case NETMON_CTR_IPV6_EXT_CHAIN_TOO_LONG:
        return "IPv6, >8 extension headers";
    }
    return {};
}

std::string ip_protocol_label(uint8_t proto)
{
    std::string name(ip_protocol_name(proto));
    if (name.empty())
        return "proto " + std::to_string(proto);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return name;
}

bool ip_protocol_has_ports(uint8_t proto) { return netmon_proto_has_ports(proto) != 0; }

std::string ethertype_label(uint16_t ethertype)
{
    if (ethertype < kMinEtherType)
        return "802.3";
    std::string_view name = lookup(kEtherTypes, ethertype);
    if (!name.empty())
        return std::string(name);
    return "ethertype " + ethertype_hex(ethertype);
}

std::string ethertype_hex(uint16_t ethertype)
{
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04x", ethertype);
    return buf;
}

std::string icmp_label(bool v6, uint8_t type, uint8_t code)
{
    constexpr uint8_t kIcmpDestUnreachable = 3;
    if (!v6 && type == kIcmpDestUnreachable && code < std::size(kIcmpUnreachable))
        return std::string(kIcmpUnreachable[code]);
    std::string_view name = v6 ? lookup(kIcmpv6Types, type) : lookup(kIcmpTypes, type);
    if (name.empty())
        return "type " + std::to_string(type) + " code " + std::to_string(code);
    if (code != 0)
        return std::string(name) + " code " + std::to_string(code);
    return std::string(name);
}

} // namespace netmon
