// Data records of netmon-xdp's templates, encoded field by field in the
// order templates.cpp declares them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ipfix/information_elements.h"
#include "netmon/flow.h"

namespace netmon::ipfix {

// One flow's report, or (template kTemplateNotInFlow) frames no flow held.
struct FlowReport {
    netmon_flow_key key{}; // addresses, ports, proto, ethertype, kind, hook
    uint32_t ifindex = 0;  // 0: unknown (replay)
    uint64_t packets = 0;
    uint64_t bytes = 0;    // frames (layer2OctetDeltaCount)
    uint64_t ip_bytes = 0; // IP header plus payload (octetDeltaCount)
    uint64_t start_ms = 0; // Unix epoch ms
    uint64_t end_ms = 0;
    uint8_t tcp_flags = 0;
    EndReason reason = EndReason::IdleTimeout;
    bool not_in_flow = false; // the aggregate of frames outside every flow
    // The command name of the local process owning the flow (IP flows
    // only; at most 15 bytes, the kernel's); empty: none.
    std::string application;
};

struct ExporterStats {
    uint32_t domain = 0;
    uint64_t messages = 0;        // exportedMessageTotalCount
    uint64_t flow_records = 0;    // exportedFlowRecordTotalCount
    uint64_t ignored_packets = 0; // frames in no flow record (the not-in-flow aggregates)
    uint64_t ignored_bytes = 0;
    uint64_t not_sent_records = 0; // records this collector missed while unreachable
};

// The template a report is encoded with.
uint16_t template_for(const FlowReport &r);

// Appends the record's bytes (template_for(r).record_length() of them).
void encode_record(const FlowReport &r, std::vector<uint8_t> &out);
void encode_record(const ExporterStats &s, std::vector<uint8_t> &out);

} // namespace netmon::ipfix
