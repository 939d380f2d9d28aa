#include "output/flow_format.h"

#include "output/address_format.h"
#include "output/protocol_names.h"

namespace netmon {
namespace {

constexpr const char *kArrow = " \u2192 ";

std::string l2_flow(const netmon_flow_key &key)
{
    return format_mac(key.src) + kArrow + format_mac(key.dst) + " " +
           ethertype_label(key.ethertype);
}

} // namespace

bool is_icmp_flow(const netmon_flow_key &key)
{
    return key.kind != NETMON_KIND_L2 && (key.proto == kProtoIcmp || key.proto == kProtoIcmpv6);
}

uint8_t icmp_type(const netmon_flow_key &key) { return static_cast<uint8_t>(key.dport >> 8); }

uint8_t icmp_code(const netmon_flow_key &key) { return static_cast<uint8_t>(key.dport & 0xff); }

std::string format_flow(const netmon_flow_key &key)
{
    if (key.kind == NETMON_KIND_L2)
        return l2_flow(key);

    std::string proto = ip_protocol_label(key.proto);
    if (is_icmp_flow(key))
        return format_address(key.kind, key.src) + kArrow + format_address(key.kind, key.dst) +
               " " + proto + " " +
               icmp_label(key.proto == kProtoIcmpv6, icmp_type(key), icmp_code(key));

    // Both ports 0 on a port protocol means a non-first fragment: no ports known.
    bool ports = ip_protocol_has_ports(key.proto) && (key.sport != 0 || key.dport != 0);
    if (!ports)
        return format_address(key.kind, key.src) + kArrow + format_address(key.kind, key.dst) +
               " " + proto;
    return format_endpoint(key.kind, key.src, key.sport) + kArrow +
           format_endpoint(key.kind, key.dst, key.dport) + " " + proto;
}

} // namespace netmon
