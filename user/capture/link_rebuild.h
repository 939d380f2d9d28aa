// Captured frames of the link types replay accepts, rebuilt as the Ethernet
// frames the XDP program parses.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace netmon::capture {

// Whether frames of this libpcap link type (a DLT_ value, as pcap_datalink()
// returns it) can be delivered as Ethernet frames.
bool is_supported_link_type(int dlt);

// The supported link types by libpcap name, for error messages:
// "EN10MB, LINUX_SLL, LINUX_SLL2, RAW, IPV4, IPV6".
std::string supported_link_types();

// Turns frames of one supported link type into Ethernet frames.
// Ethernet frames pass through untouched. Linux cooked (SLL, SLL2) and raw IP
// frames get a synthetic 14-byte Ethernet header in place of their own:
//  - destination MAC: zero (no cooked header records it);
//  - source MAC: the cooked header's link-layer address when it is a 6-byte
//    (MAC) address, zero otherwise; for SLL it is the sender's address for
//    received and outgoing packets alike;
//  - type: the cooked protocol, or the IP version for raw IP (see .cpp).
class EthernetRebuilder {
  public:
    explicit EthernetRebuilder(int dlt); // dlt must be supported

    // The captured bytes as an Ethernet frame. original_length is the frame's
    // length on the wire (it sizes an 802.3 length field). The span points at
    // `captured` (Ethernet) or at a buffer this object reuses: it is valid
    // until the next call and as long as `captured` is.
    std::span<const uint8_t> rebuild(std::span<const uint8_t> captured, uint32_t original_length);

  private:
    std::span<const uint8_t> from_sll(std::span<const uint8_t> captured, uint32_t original_length);
    std::span<const uint8_t> from_sll2(std::span<const uint8_t> captured, uint32_t original_length);
    std::span<const uint8_t> from_raw_ip(std::span<const uint8_t> captured);
    std::span<const uint8_t> with_ethernet_header(const uint8_t *source_mac, uint16_t type_field,
                                                  std::span<const uint8_t> payload);

    int dlt_;
    std::vector<uint8_t> frame_; // the last rebuilt frame
};

} // namespace netmon::capture
