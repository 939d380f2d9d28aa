// The IPFIX Information Elements netmon-xdp exports: IANA's element id and
// the length we encode it with (RFC 7012; IANA "IPFIX Information Elements").
#pragma once

#include <cstdint>

namespace netmon::ipfix {

struct Field {
    uint16_t id;
    uint16_t length; // octets on the wire
};

namespace ie {
constexpr Field octetDeltaCount{1, 8}; // IP header plus payload
constexpr Field packetDeltaCount{2, 8};
constexpr Field protocolIdentifier{4, 1};
constexpr Field tcpControlBits{6, 2}; // unsigned16 since RFC 7125
constexpr Field sourceTransportPort{7, 2};
constexpr Field sourceIPv4Address{8, 4};
constexpr Field ingressInterface{10, 4};
constexpr Field destinationTransportPort{11, 2};
constexpr Field destinationIPv4Address{12, 4};
constexpr Field egressInterface{14, 4};
constexpr Field sourceIPv6Address{27, 16};
constexpr Field destinationIPv6Address{28, 16};
constexpr Field icmpTypeCodeIPv4{32, 2};
// string; the local process's command name (docs/ipfix.md): 15 bytes at
// most (the kernel's comm), fixed at 16 octets, zero-padded.
constexpr Field applicationName{96, 16};
constexpr Field exportedMessageTotalCount{41, 8};
constexpr Field exportedFlowRecordTotalCount{42, 8};
constexpr Field sourceMacAddress{56, 6};
constexpr Field flowDirection{61, 1}; // 0 ingress, 1 egress
constexpr Field destinationMacAddress{80, 6};
constexpr Field flowEndReason{136, 1};
constexpr Field icmpTypeCodeIPv6{139, 2};
constexpr Field observationDomainId{149, 4};
constexpr Field flowStartMilliseconds{152, 8}; // Unix epoch ms
constexpr Field flowEndMilliseconds{153, 8};
constexpr Field ignoredPacketTotalCount{164, 8};
constexpr Field ignoredOctetTotalCount{165, 8};
constexpr Field notSentFlowTotalCount{166, 8};
constexpr Field ethernetType{256, 2};
constexpr Field layer2OctetDeltaCount{352, 8}; // whole frames
} // namespace ie

// flowEndReason values (IANA registry).
enum class EndReason : uint8_t {
    IdleTimeout = 1,
    ActiveTimeout = 2,
    EndOfFlow = 3,
    ForcedEnd = 4, // end of monitoring: the exporter stops
    LackOfResources = 5,
};

} // namespace netmon::ipfix
