// Cooked (SLL, SLL2) and raw-IP frames rebuilt as Ethernet frames.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <pcap/pcap.h>
#include <pcap/sll.h>
#include <stdexcept>
#include <vector>

#include "capture/capture_reader.h"
#include "capture/link_rebuild.h"
#include "core/error.h"

using netmon::capture::CaptureReader;
using netmon::capture::EthernetRebuilder;
using Bytes = std::vector<uint8_t>;

namespace {

constexpr uint8_t kMac[6] = {0x02, 0x11, 0x22, 0x33, 0x44, 0x55};
const Bytes kIpv4Start = {0x45, 0x00, 0x00, 0x1c, 0xab, 0xcd}; // start of an IPv4 header
const Bytes kIpv6Start = {0x60, 0x00, 0x00, 0x00, 0x00, 0x08}; // start of an IPv6 header
const Bytes kLlcStart = {0x42, 0x42, 0x03, 0x00, 0x00};        // STP over 802.2 LLC

// A DLT_LINUX_SLL frame: 16-byte cooked header, then the payload.
Bytes sll_frame(uint16_t packet_type, uint16_t hardware_type, const Bytes &address,
                uint16_t protocol, const Bytes &payload)
{
    Bytes frame = {uint8_t(packet_type >> 8),
                   uint8_t(packet_type),
                   uint8_t(hardware_type >> 8),
                   uint8_t(hardware_type),
                   0,
                   uint8_t(address.size())};
    Bytes address_field = address;
    address_field.resize(8, 0);
    frame.insert(frame.end(), address_field.begin(), address_field.end());
    frame.push_back(uint8_t(protocol >> 8));
    frame.push_back(uint8_t(protocol));
    frame.insert(frame.end(), payload.begin(), payload.end());
    return frame;
}

// A DLT_LINUX_SLL2 frame: 20-byte cooked header, then the payload.
Bytes sll2_frame(uint16_t protocol, uint16_t hardware_type, uint8_t packet_type,
                 const Bytes &address, const Bytes &payload)
{
    Bytes frame = {uint8_t(protocol >> 8),
                   uint8_t(protocol),
                   0,
                   0, // reserved
                   0,
                   0,
                   0,
                   3, // ifindex
                   uint8_t(hardware_type >> 8),
                   uint8_t(hardware_type),
                   packet_type,
                   uint8_t(address.size())};
    Bytes address_field = address;
    address_field.resize(8, 0);
    frame.insert(frame.end(), address_field.begin(), address_field.end());
    frame.insert(frame.end(), payload.begin(), payload.end());
    return frame;
}

Bytes mac_bytes() { return Bytes(std::begin(kMac), std::end(kMac)); }

// The expected rebuilt frame: zero destination, source, type, payload.
Bytes ethernet(const Bytes &source_mac, uint16_t type, const Bytes &payload)
{
    Bytes frame(6, 0);
    frame.insert(frame.end(), source_mac.begin(), source_mac.end());
    frame.push_back(uint8_t(type >> 8));
    frame.push_back(uint8_t(type));
    frame.insert(frame.end(), payload.begin(), payload.end());
    return frame;
}

Bytes rebuild(int dlt, const Bytes &captured, uint32_t original_length = 0)
{
    EthernetRebuilder rebuilder(dlt);
    auto out =
        rebuilder.rebuild(captured, original_length ? original_length : uint32_t(captured.size()));
    return Bytes(out.begin(), out.end());
}

const Bytes kZeroMac(6, 0);

} // namespace

TEST(LinkTypes, SupportedOnesAreNamedAsLibpcapNamesThem)
{
    EXPECT_EQ(netmon::capture::supported_link_types(),
              "EN10MB, LINUX_SLL, LINUX_SLL2, RAW, IPV4, IPV6");
    EXPECT_TRUE(netmon::capture::is_supported_link_type(DLT_RAW));
    EXPECT_FALSE(netmon::capture::is_supported_link_type(DLT_IEEE802_11_RADIO));
    EXPECT_FALSE(netmon::capture::is_supported_link_type(DLT_NULL));
    EXPECT_THROW(EthernetRebuilder(DLT_IEEE802_11_RADIO), std::invalid_argument);
}

TEST(LinkRebuild, EthernetPassesThroughUntouched)
{
    Bytes frame = ethernet(mac_bytes(), 0x0800, kIpv4Start);
    EthernetRebuilder rebuilder(DLT_EN10MB);
    auto out = rebuilder.rebuild(frame, 1500);
    EXPECT_EQ(out.data(), frame.data());
    EXPECT_EQ(out.size(), frame.size());
}

TEST(LinkRebuild, SllReceivedIpv4KeepsProtocolAndSenderMac)
{
    auto captured =
        sll_frame(0 /* PACKET_HOST */, 1 /* ARPHRD_ETHER */, mac_bytes(), 0x0800, kIpv4Start);
    EXPECT_EQ(rebuild(DLT_LINUX_SLL, captured), ethernet(mac_bytes(), 0x0800, kIpv4Start));
}

TEST(LinkRebuild, SllOutgoingAddressIsStillTheSource)
{
    auto captured = sll_frame(4 /* PACKET_OUTGOING */, 1, mac_bytes(), 0x86DD, kIpv6Start);
    EXPECT_EQ(rebuild(DLT_LINUX_SLL, captured), ethernet(mac_bytes(), 0x86DD, kIpv6Start));
}

TEST(LinkRebuild, SllAddressThatIsNotAMacGivesZeroMac)
{
    // A GRE tunnel: the "link-layer address" is the 4-byte IPv4 peer.
    auto captured = sll_frame(0, 778 /* ARPHRD_IPGRE */, {10, 0, 0, 1}, 0x0800, kIpv4Start);
    EXPECT_EQ(rebuild(DLT_LINUX_SLL, captured), ethernet(kZeroMac, 0x0800, kIpv4Start));
    // Loopback: no address at all.
    auto loopback = sll_frame(0, 772 /* ARPHRD_LOOPBACK */, {}, 0x86DD, kIpv6Start);
    EXPECT_EQ(rebuild(DLT_LINUX_SLL, loopback), ethernet(kZeroMac, 0x86DD, kIpv6Start));
}

TEST(LinkRebuild, SllLlcBecomesAn8023FrameWithItsWireLength)
{
    auto captured = sll_frame(0, 1, mac_bytes(), LINUX_SLL_P_802_2, kLlcStart);
    // Captured in full: the 802.3 length is the payload's, 5 bytes.
    EXPECT_EQ(rebuild(DLT_LINUX_SLL, captured), ethernet(mac_bytes(), 5, kLlcStart));
    // Cut by the snap length: the length is the one on the wire (16 + 38).
    EXPECT_EQ(rebuild(DLT_LINUX_SLL, captured, 16 + 38), ethernet(mac_bytes(), 38, kLlcStart));
    // A length 802.3 cannot express is capped at its maximum, 1500.
    EXPECT_EQ(rebuild(DLT_LINUX_SLL, captured, 16 + 9000), ethernet(mac_bytes(), 1500, kLlcStart));
    auto novell = sll_frame(0, 1, mac_bytes(), LINUX_SLL_P_802_3, {0xff, 0xff});
    EXPECT_EQ(rebuild(DLT_LINUX_SLL, novell), ethernet(mac_bytes(), 2, {0xff, 0xff}));
}

TEST(LinkRebuild, SllProtocolThatIsNotAnEtherTypeIsCarriedAsIs)
{
    // CAN frames: 0x000C reads as an 802.3 length, so the program counts
    // them as other L2, which is what they are.
    Bytes can_payload = {0x01, 0x02, 0x00, 0x00, 0x08};
    auto captured = sll_frame(0, 280 /* ARPHRD_CAN */, {}, LINUX_SLL_P_CAN, can_payload);
    EXPECT_EQ(rebuild(DLT_LINUX_SLL, captured), ethernet(kZeroMac, 0x000C, can_payload));
    // Frame Relay ignores the protocol field: type 0, other L2.
    auto frad = sll_frame(0, 770 /* ARPHRD_FRAD */, {}, 0x0800, {0x18, 0x41});
    EXPECT_EQ(rebuild(DLT_LINUX_SLL, frad), ethernet(kZeroMac, 0, {0x18, 0x41}));
}

TEST(LinkRebuild, CookedHeaderCutByTheSnapLengthGivesAnEmptyFrame)
{
    auto captured = sll_frame(0, 1, mac_bytes(), 0x0800, {});
    captured.resize(10);
    EXPECT_TRUE(rebuild(DLT_LINUX_SLL, captured, 100).empty());
    auto captured2 = sll2_frame(0x0800, 1, 0, mac_bytes(), {});
    captured2.resize(19);
    EXPECT_TRUE(rebuild(DLT_LINUX_SLL2, captured2, 100).empty());
}

TEST(LinkRebuild, Sll2KeepsProtocolAndSenderMac)
{
    auto captured = sll2_frame(0x86DD, 1, 4 /* PACKET_OUTGOING */, mac_bytes(), kIpv6Start);
    EXPECT_EQ(rebuild(DLT_LINUX_SLL2, captured), ethernet(mac_bytes(), 0x86DD, kIpv6Start));
    auto llc = sll2_frame(LINUX_SLL_P_802_2, 1, 0, mac_bytes(), kLlcStart);
    EXPECT_EQ(rebuild(DLT_LINUX_SLL2, llc), ethernet(mac_bytes(), 5, kLlcStart));
}

TEST(LinkRebuild, RawIpTakesTheEtherTypeFromTheVersion)
{
    EXPECT_EQ(rebuild(DLT_RAW, kIpv4Start), ethernet(kZeroMac, 0x0800, kIpv4Start));
    EXPECT_EQ(rebuild(DLT_RAW, kIpv6Start), ethernet(kZeroMac, 0x86DD, kIpv6Start));
    // Neither 4 nor 6: still claimed IP, so IPv4, which the program counts
    // as malformed IP.
    Bytes version5 = {0x55, 0x00};
    EXPECT_EQ(rebuild(DLT_RAW, version5), ethernet(kZeroMac, 0x0800, version5));
    EXPECT_EQ(rebuild(DLT_RAW, {}, 20), ethernet(kZeroMac, 0x0800, {}));
}

TEST(LinkRebuild, Ipv4AndIpv6LinkTypesFixTheEtherType)
{
    EXPECT_EQ(rebuild(DLT_IPV4, kIpv4Start), ethernet(kZeroMac, 0x0800, kIpv4Start));
    EXPECT_EQ(rebuild(DLT_IPV6, kIpv6Start), ethernet(kZeroMac, 0x86DD, kIpv6Start));
    // The link type, not the bytes, decides: a bad version stays IPv6.
    EXPECT_EQ(rebuild(DLT_IPV6, kIpv4Start), ethernet(kZeroMac, 0x86DD, kIpv4Start));
}

// Through the reader: a short SLL2 capture written by libpcap itself.
TEST(LinkRebuild, ReaderRebuildsCookedFramesOfAFile)
{
    std::string dir = (std::filesystem::temp_directory_path() / "netmon-sll2-XXXXXX").string();
    ASSERT_NE(mkdtemp(dir.data()), nullptr);
    std::unique_ptr<std::string, void (*)(std::string *)> remove_dir(
        &dir, [](std::string *d) { std::filesystem::remove_all(*d); });
    auto path = dir + "/sll2.pcap";

    Bytes payload(60, 0xab);
    payload[0] = 0x45;
    auto captured = sll2_frame(0x0800, 1, 0, mac_bytes(), payload);
    pcap_t *dead = pcap_open_dead(DLT_LINUX_SLL2, 65535);
    pcap_dumper_t *dumper = pcap_dump_open(dead, path.c_str());
    ASSERT_NE(dumper, nullptr) << pcap_geterr(dead);
    pcap_pkthdr header{};
    header.ts = {1700000000, 5};
    header.caplen = 20 + 40; // the snap length cut the frame
    header.len = uint32_t(captured.size());
    pcap_dump(reinterpret_cast<u_char *>(dumper), &header, captured.data());
    pcap_dump_close(dumper);
    pcap_close(dead);

    auto reader = CaptureReader::open(path);
    EXPECT_EQ(reader.link_type_name(), "LINUX_SLL2");
    auto frame = reader.next();
    ASSERT_TRUE(frame);
    EXPECT_EQ(frame->original_length, 80u); // counted as on the wire
    Bytes expected = ethernet(mac_bytes(), 0x0800, Bytes(payload.begin(), payload.begin() + 40));
    EXPECT_EQ(Bytes(frame->ethernet.begin(), frame->ethernet.end()), expected);
    EXPECT_FALSE(reader.next());
}
