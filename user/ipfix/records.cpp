#include "ipfix/records.h"

#include <algorithm>

#include "ipfix/byte_writer.h"
#include "ipfix/templates.h"

namespace netmon::ipfix {

namespace {

bool is_icmp(const netmon_flow_key &k)
{
    return (k.kind == NETMON_KIND_IPV4 && k.proto == 1) ||
           (k.kind == NETMON_KIND_IPV6 && k.proto == 58);
}

// The fields every flow template ends with (see with_counts()).
void write_counts(ByteWriter &w, const FlowReport &r, bool ip_bytes)
{
    if (ip_bytes)
        w.u64(r.ip_bytes);
    w.u64(r.bytes);
    w.u64(r.packets);
    w.u64(r.start_ms);
    w.u64(r.end_ms);
    w.u8(static_cast<uint8_t>(r.reason));
    const bool egress = r.key.hook == NETMON_HOOK_EGRESS;
    w.u8(egress ? 1 : 0);
    w.u32(egress ? 0 : r.ifindex);
    w.u32(egress ? r.ifindex : 0);
    w.u16(r.key.ethertype);
}

// applicationName: the name, cut to the field, the rest zero octets.
void write_name(ByteWriter &w, const std::string &name)
{
    uint8_t field[ie::applicationName.length] = {};
    std::copy_n(name.begin(), std::min<size_t>(name.size(), sizeof field - 1), field);
    w.bytes(field, sizeof field);
}

} // namespace

uint16_t template_for(const FlowReport &r)
{
    if (r.not_in_flow)
        return kTemplateNotInFlow;
    switch (r.key.kind) {
    case NETMON_KIND_IPV4:
        return r.application.empty() ? kTemplateIPv4 : kTemplateIPv4Process;
    case NETMON_KIND_IPV6:
        return r.application.empty() ? kTemplateIPv6 : kTemplateIPv6Process;
    default:
        return kTemplateNonIP;
    }
}

void encode_record(const FlowReport &r, std::vector<uint8_t> &out)
{
    ByteWriter w(out);
    const netmon_flow_key &k = r.key;
    switch (template_for(r)) {
    case kTemplateIPv4:
    case kTemplateIPv6:
    case kTemplateIPv4Process:
    case kTemplateIPv6Process: {
        const bool v4 = k.kind == NETMON_KIND_IPV4;
        // IPv4 is stored IPv4-mapped: its address is the last 4 bytes.
        const size_t off = v4 ? 12 : 0, len = v4 ? 4 : 16;
        w.bytes(k.src + off, len);
        w.bytes(k.dst + off, len);
        // ICMP's type and code live in dport (the NetFlow convention) and
        // go to icmpTypeCode; its ports are then 0.
        const bool icmp = is_icmp(k);
        w.u16(icmp ? 0 : k.sport);
        w.u16(icmp ? 0 : k.dport);
        w.u8(k.proto);
        w.u16(r.tcp_flags);
        w.u16(icmp ? k.dport : 0);
        write_counts(w, r, true);
        if (!r.application.empty())
            write_name(w, r.application);
        break;
    }
    case kTemplateNonIP:
        w.bytes(k.src, 6);
        w.bytes(k.dst, 6);
        write_counts(w, r, false);
        break;
    default: // kTemplateNotInFlow
        write_counts(w, r, false);
        break;
    }
}

void encode_record(const ExporterStats &s, std::vector<uint8_t> &out)
{
    ByteWriter w(out);
    w.u32(s.domain);
    w.u64(s.messages);
    w.u64(s.flow_records);
    w.u64(s.ignored_packets);
    w.u64(s.ignored_bytes);
    w.u64(s.not_sent_records);
}

} // namespace netmon::ipfix
