#include "capture/link_rebuild.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <net/if_arp.h>
#include <pcap/pcap.h>
#include <pcap/sll.h>
#include <stdexcept>

namespace netmon::capture {

namespace {

constexpr size_t kEthernetHeaderLen = 14;
constexpr size_t kMacLen = 6;
constexpr uint16_t kEtherTypeIpv4 = 0x0800;
constexpr uint16_t kEtherTypeIpv6 = 0x86DD;
constexpr uint16_t kMax8023Length = 1500; // largest 802.3 length field

// DLT_RAW is 12 on Linux and 14 on OpenBSD: always go through the constant.
constexpr std::array kSupportedLinkTypes = {DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2,
                                            DLT_RAW,    DLT_IPV4,      DLT_IPV6};

uint16_t read_be16(const uint8_t *p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }

// What a cooked header says about its frame.
struct CookedHeader {
    uint16_t protocol;
    uint16_t hardware_type; // ARPHRD_*
    uint8_t address_length;
    const uint8_t *address;
};

// The type/length field of the Ethernet header that replaces a cooked one.
uint16_t cooked_type_field(const CookedHeader &cooked, size_t payload_on_wire)
{
    // Frame Relay: the protocol field is unused, the payload a LAPF frame.
    // Type 0 makes it "other L2" like every non-Ethernet payload.
    if (cooked.hardware_type == ARPHRD_FRAD)
        return 0;
    // 802.2 LLC and Novell "raw 802.3" frames had an 802.3 length field on
    // an Ethernet wire, not an EtherType: rebuild exactly that.
    if (cooked.protocol == LINUX_SLL_P_802_2 || cooked.protocol == LINUX_SLL_P_802_3)
        return static_cast<uint16_t>(std::min<size_t>(payload_on_wire, kMax8023Length));
    // An EtherType, or a Linux protocol number below 0x0600 (CAN, netlink
    // family, ...): carried as is. Below 0x0600 an Ethernet parser reads a
    // length, so the program counts those frames as other L2 with the value
    // as their EtherType, and packet and byte totals still match the capture.
    return cooked.protocol;
}

// The cooked address, when it is a MAC; nullptr otherwise.
const uint8_t *mac_address_of(const CookedHeader &cooked)
{
    return cooked.address_length == kMacLen ? cooked.address : nullptr;
}

size_t payload_on_wire(uint32_t original_length, size_t header_length)
{
    return original_length > header_length ? original_length - header_length : 0;
}

} // namespace

bool is_supported_link_type(int dlt)
{
    return std::find(kSupportedLinkTypes.begin(), kSupportedLinkTypes.end(), dlt) !=
           kSupportedLinkTypes.end();
}

std::string supported_link_types()
{
    std::string names;
    for (int dlt : kSupportedLinkTypes) {
        if (!names.empty())
            names += ", ";
        names += pcap_datalink_val_to_name(dlt);
    }
    return names;
}

EthernetRebuilder::EthernetRebuilder(int dlt) : dlt_(dlt)
{
    if (!is_supported_link_type(dlt))
        throw std::invalid_argument("EthernetRebuilder: unsupported link type");
}

std::span<const uint8_t> EthernetRebuilder::rebuild(std::span<const uint8_t> captured,
                                                    uint32_t original_length)
{
    switch (dlt_) {
    case DLT_EN10MB:
        return captured;
    case DLT_LINUX_SLL:
        return from_sll(captured, original_length);
    case DLT_LINUX_SLL2:
        return from_sll2(captured, original_length);
    default:
        return from_raw_ip(captured);
    }
}

// A frame whose cooked header was cut by the snap length tells nothing about
// its payload: it is delivered empty, as a runt, like a cut Ethernet header.
std::span<const uint8_t> EthernetRebuilder::from_sll(std::span<const uint8_t> captured,
                                                     uint32_t original_length)
{
    if (captured.size() < SLL_HDR_LEN)
        return {};
    CookedHeader cooked{
        .protocol = read_be16(captured.data() + offsetof(sll_header, sll_protocol)),
        .hardware_type = read_be16(captured.data() + offsetof(sll_header, sll_hatype)),
        .address_length =
            static_cast<uint8_t>(read_be16(captured.data() + offsetof(sll_header, sll_halen))),
        .address = captured.data() + offsetof(sll_header, sll_addr),
    };
    return with_ethernet_header(
        mac_address_of(cooked),
        cooked_type_field(cooked, payload_on_wire(original_length, SLL_HDR_LEN)),
        captured.subspan(SLL_HDR_LEN));
}

std::span<const uint8_t> EthernetRebuilder::from_sll2(std::span<const uint8_t> captured,
                                                      uint32_t original_length)
{
    if (captured.size() < SLL2_HDR_LEN)
        return {};
    CookedHeader cooked{
        .protocol = read_be16(captured.data() + offsetof(sll2_header, sll2_protocol)),
        .hardware_type = read_be16(captured.data() + offsetof(sll2_header, sll2_hatype)),
        .address_length = captured[offsetof(sll2_header, sll2_halen)],
        .address = captured.data() + offsetof(sll2_header, sll2_addr),
    };
    return with_ethernet_header(
        mac_address_of(cooked),
        cooked_type_field(cooked, payload_on_wire(original_length, SLL2_HDR_LEN)),
        captured.subspan(SLL2_HDR_LEN));
}

// The link type says "IP"; the version nibble says which, for DLT_RAW. A
// packet with neither version 4 nor 6 (or no bytes) still claims to be IP:
// it gets the IPv4 EtherType, so the program counts it as malformed IP.
std::span<const uint8_t> EthernetRebuilder::from_raw_ip(std::span<const uint8_t> captured)
{
    uint16_t ether_type = kEtherTypeIpv4;
    if (dlt_ == DLT_IPV6 || (dlt_ == DLT_RAW && !captured.empty() && captured[0] >> 4 == 6))
        ether_type = kEtherTypeIpv6;
    return with_ethernet_header(nullptr, ether_type, captured);
}

std::span<const uint8_t> EthernetRebuilder::with_ethernet_header(const uint8_t *source_mac,
                                                                 uint16_t type_field,
                                                                 std::span<const uint8_t> payload)
{
    frame_.assign(kEthernetHeaderLen, 0); // destination (and source) MAC: zero
    if (source_mac)
        std::memcpy(frame_.data() + kMacLen, source_mac, kMacLen);
    frame_[12] = static_cast<uint8_t>(type_field >> 8);
    frame_[13] = static_cast<uint8_t>(type_field);
    frame_.insert(frame_.end(), payload.begin(), payload.end());
    return frame_;
}

} // namespace netmon::capture
