// netmon-xdp's IPFIX templates (RFC 7011 section 3.4) and the set that
// announces them. Fixed: every exporter of every version sends the same
// ids with the same fields, so a collector's template cache never goes stale.
#pragma once

#include <cstdint>
#include <vector>

#include "ipfix/information_elements.h"

namespace netmon::ipfix {

struct Template {
    uint16_t id = 0;
    uint16_t scope_fields = 0; // > 0: an options template; the first fields are its scope
    std::vector<Field> fields;

    uint16_t record_length() const;
};

enum TemplateId : uint16_t {
    kTemplateIPv4 = 256,
    kTemplateIPv6 = 257,
    kTemplateNonIP = 258,         // by MAC addresses and EtherType
    kTemplateNotInFlow = 259,     // frames no flow record holds (flowEndReason 5)
    kTemplateExporterStats = 260, // options: the exporter's own counts
    // 256 and 257 plus applicationName: flows a local process owns. Ids of
    // their own, so 256 and 257 stay what every version sent.
    kTemplateIPv4Process = 261,
    kTemplateIPv6Process = 262,
};

const Template &template_by_id(uint16_t id);
// Every template, data templates first.
const std::vector<const Template *> &all_templates();

// A Template Set (id 2) with the data templates and an Options Template Set
// (id 3) with the options template: the bytes of both, back to back.
std::vector<uint8_t> encode_template_sets();
// The Options Template Set alone: for the exporter's statistics messages.
std::vector<uint8_t> encode_options_template_set();

} // namespace netmon::ipfix
