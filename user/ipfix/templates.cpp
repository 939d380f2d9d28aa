#include "ipfix/templates.h"

#include <stdexcept>

#include "ipfix/byte_writer.h"

namespace netmon::ipfix {

namespace {

// Counts and times every flow record carries, after its addresses.
std::vector<Field> with_counts(std::vector<Field> head, bool ip_bytes)
{
    if (ip_bytes)
        head.push_back(ie::octetDeltaCount);
    for (Field f : {ie::layer2OctetDeltaCount, ie::packetDeltaCount, ie::flowStartMilliseconds,
                    ie::flowEndMilliseconds, ie::flowEndReason, ie::flowDirection,
                    ie::ingressInterface, ie::egressInterface, ie::ethernetType})
        head.push_back(f);
    return head;
}

std::vector<Field> ip_fields(bool v4)
{
    return with_counts({v4 ? ie::sourceIPv4Address : ie::sourceIPv6Address,
                        v4 ? ie::destinationIPv4Address : ie::destinationIPv6Address,
                        ie::sourceTransportPort, ie::destinationTransportPort,
                        ie::protocolIdentifier, ie::tcpControlBits,
                        v4 ? ie::icmpTypeCodeIPv4 : ie::icmpTypeCodeIPv6},
                       true);
}

std::vector<Field> with_process(std::vector<Field> fields)
{
    fields.push_back(ie::applicationName);
    return fields;
}

const std::vector<Template> &templates()
{
    static const std::vector<Template> all = {
        {kTemplateIPv4, 0, ip_fields(true)},
        {kTemplateIPv6, 0, ip_fields(false)},
        {kTemplateIPv4Process, 0, with_process(ip_fields(true))},
        {kTemplateIPv6Process, 0, with_process(ip_fields(false))},
        {kTemplateNonIP, 0, with_counts({ie::sourceMacAddress, ie::destinationMacAddress}, false)},
        // No addresses and no IP bytes: the kernel counted these frames but
        // had no flow to hold their IP length.
        {kTemplateNotInFlow, 0, with_counts({}, false)},
        {kTemplateExporterStats,
         1,
         {ie::observationDomainId, ie::exportedMessageTotalCount, ie::exportedFlowRecordTotalCount,
          ie::ignoredPacketTotalCount, ie::ignoredOctetTotalCount, ie::notSentFlowTotalCount}},
    };
    return all;
}

void write_template_record(ByteWriter &w, const Template &t)
{
    w.u16(t.id);
    w.u16(static_cast<uint16_t>(t.fields.size()));
    if (t.scope_fields)
        w.u16(t.scope_fields);
    for (Field f : t.fields) {
        w.u16(f.id); // all IANA elements: enterprise bit clear
        w.u16(f.length);
    }
}

} // namespace

uint16_t Template::record_length() const
{
    uint16_t n = 0;
    for (Field f : fields)
        n += f.length;
    return n;
}

const Template &template_by_id(uint16_t id)
{
    for (const Template &t : templates())
        if (t.id == id)
            return t;
    throw std::logic_error("unknown IPFIX template id");
}

const std::vector<const Template *> &all_templates()
{
    static const std::vector<const Template *> all = [] {
        std::vector<const Template *> v;
        for (const Template &t : templates())
            v.push_back(&t);
        return v;
    }();
    return all;
}

namespace {

// A Template Set (id 2: the data templates) or an Options Template Set (3).
void encode_set(uint16_t set_id, std::vector<uint8_t> &out)
{
    ByteWriter w(out);
    size_t start = out.size();
    w.u16(set_id);
    w.u16(0); // length, patched below
    for (const Template *t : all_templates())
        if ((t->scope_fields > 0) == (set_id == 3))
            write_template_record(w, *t);
    ByteWriter::patch_u16(out, start + 2, static_cast<uint16_t>(out.size() - start));
}

} // namespace

std::vector<uint8_t> encode_template_sets()
{
    std::vector<uint8_t> out;
    encode_set(2, out);
    encode_set(3, out);
    return out;
}

std::vector<uint8_t> encode_options_template_set()
{
    std::vector<uint8_t> out;
    encode_set(3, out);
    return out;
}

} // namespace netmon::ipfix
