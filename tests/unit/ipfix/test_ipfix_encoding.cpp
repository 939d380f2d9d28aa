// Golden bytes: messages, template sets and records, built by hand from
// RFC 7011 (header, set and template layouts) and the IANA element ids.
#include <gtest/gtest.h>

#include <algorithm>

#include "ipfix/message_builder.h"
#include "ipfix/records.h"
#include "ipfix/templates.h"

using namespace netmon::ipfix;
using Bytes = std::vector<uint8_t>;

namespace {

netmon_flow_key ipv4_key(uint8_t proto, uint16_t sport, uint16_t dport)
{
    netmon_flow_key k{};
    const uint8_t src[] = {10, 0, 0, 1}, dst[] = {192, 168, 1, 2};
    k.src[10] = k.src[11] = k.dst[10] = k.dst[11] = 0xff; // IPv4-mapped
    std::copy(src, src + 4, k.src + 12);
    std::copy(dst, dst + 4, k.dst + 12);
    k.sport = sport;
    k.dport = dport;
    k.proto = proto;
    k.ethertype = 0x0800;
    k.kind = NETMON_KIND_IPV4;
    return k;
}

bool contains(const Bytes &hay, const Bytes &needle)
{
    return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

} // namespace

TEST(IpfixMessage, HeaderAndOneDataSet)
{
    MessageBuilder b(7, 1400);
    b.start(0x5f5e1000, 42);
    const Bytes rec = {0xde, 0xad, 0xbe, 0xef};
    ASSERT_TRUE(b.add_record(300, rec.data(), rec.size()));
    ASSERT_TRUE(b.add_record(300, rec.data(), rec.size()));
    const Bytes expected = {
        0x00, 0x0a, 0x00, 0x1c, // version 10, length 28
        0x5f, 0x5e, 0x10, 0x00, // export time
        0x00, 0x00, 0x00, 0x2a, // sequence 42
        0x00, 0x00, 0x00, 0x07, // observation domain 7
        0x01, 0x2c, 0x00, 0x0c, // set 300, length 12
        0xde, 0xad, 0xbe, 0xef, 0xde, 0xad, 0xbe, 0xef,
    };
    EXPECT_EQ(b.finish(), expected);
    EXPECT_EQ(b.data_records(), 2u);
}

TEST(IpfixMessage, NewSetPerTemplateAndNeverPastTheLimit)
{
    MessageBuilder b(1, 16 + 4 + 8 + 4 + 8);
    b.start(0, 0);
    const Bytes rec(8, 0x11);
    EXPECT_TRUE(b.add_record(256, rec.data(), rec.size()));
    EXPECT_TRUE(b.add_record(257, rec.data(), rec.size()));
    EXPECT_FALSE(b.add_record(257, rec.data(), rec.size())); // 8 more do not fit
    const Bytes &msg = b.finish();
    ASSERT_EQ(msg.size(), 40u);
    EXPECT_EQ(Bytes(msg.begin() + 16, msg.begin() + 20), (Bytes{0x01, 0x00, 0x00, 0x0c}));
    EXPECT_EQ(Bytes(msg.begin() + 28, msg.begin() + 32), (Bytes{0x01, 0x01, 0x00, 0x0c}));
}

TEST(IpfixTemplates, OptionsTemplateSetBytes)
{
    const Bytes sets = encode_template_sets();
    const Bytes options_set = {
        0x00, 0x03, 0x00, 0x22,             // options template set, 34 bytes
        0x01, 0x04, 0x00, 0x06, 0x00, 0x01, // template 260, 6 fields, 1 scope field
        0x00, 0x95, 0x00, 0x04,             // observationDomainId (149), 4
        0x00, 0x29, 0x00, 0x08,             // exportedMessageTotalCount (41)
        0x00, 0x2a, 0x00, 0x08,             // exportedFlowRecordTotalCount (42)
        0x00, 0xa4, 0x00, 0x08,             // ignoredPacketTotalCount (164)
        0x00, 0xa5, 0x00, 0x08,             // ignoredOctetTotalCount (165)
        0x00, 0xa6, 0x00, 0x08,             // notSentFlowTotalCount (166)
    };
    ASSERT_GE(sets.size(), options_set.size());
    EXPECT_EQ(Bytes(sets.end() - options_set.size(), sets.end()), options_set);
    // The data template set comes first, its length covering the rest.
    EXPECT_EQ(sets[0], 0x00);
    EXPECT_EQ(sets[1], 0x02);
    EXPECT_EQ(size_t(sets[2] << 8 | sets[3]), sets.size() - options_set.size());
}

TEST(IpfixTemplates, NotInFlowTemplateRecordBytes)
{
    const Bytes record = {
        0x01, 0x03, 0x00, 0x09, // template 259, 9 fields
        0x01, 0x60, 0x00, 0x08, // layer2OctetDeltaCount (352)
        0x00, 0x02, 0x00, 0x08, // packetDeltaCount (2)
        0x00, 0x98, 0x00, 0x08, // flowStartMilliseconds (152)
        0x00, 0x99, 0x00, 0x08, // flowEndMilliseconds (153)
        0x00, 0x88, 0x00, 0x01, // flowEndReason (136)
        0x00, 0x3d, 0x00, 0x01, // flowDirection (61)
        0x00, 0x0a, 0x00, 0x04, // ingressInterface (10)
        0x00, 0x0e, 0x00, 0x04, // egressInterface (14)
        0x01, 0x00, 0x00, 0x02, // ethernetType (256)
    };
    EXPECT_TRUE(contains(encode_template_sets(), record));
}

TEST(IpfixRecords, Ipv4TcpFlow)
{
    FlowReport r;
    r.key = ipv4_key(6, 443, 51000);
    r.ifindex = 3;
    r.packets = 5;
    r.bytes = 700;
    r.ip_bytes = 630;
    r.start_ms = 0x0000018c00000001;
    r.end_ms = 0x0000018c00000002;
    r.tcp_flags = 0x12;
    r.reason = EndReason::ActiveTimeout;
    Bytes out;
    encode_record(r, out);
    const Bytes expected = {
        10,   0,    0,    1,    192, 168, 1,    2,    // addresses
        0x01, 0xbb, 0xc7, 0x38,                       // ports 443, 51000
        0x06,                                         // TCP
        0x00, 0x12,                                   // SYN|ACK
        0x00, 0x00,                                   // no ICMP type/code
        0,    0,    0,    0,    0,   0,   0x02, 0x76, // octetDeltaCount 630
        0,    0,    0,    0,    0,   0,   0x02, 0xbc, // layer2OctetDeltaCount 700
        0,    0,    0,    0,    0,   0,   0,    5,    // packets
        0,    0,    0x01, 0x8c, 0,   0,   0,    1,    // start
        0,    0,    0x01, 0x8c, 0,   0,   0,    2,    // end
        2,                                            // active timeout
        0,                                            // ingress
        0,    0,    0,    3,    0,   0,   0,    0,    // ingressInterface 3, egressInterface 0
        0x08, 0x00,                                   // IPv4
    };
    EXPECT_EQ(out, expected);
    EXPECT_EQ(out.size(), template_by_id(kTemplateIPv4).record_length());
}

TEST(IpfixRecords, Icmpv6TypeCodeAndEgressInterface)
{
    FlowReport r;
    r.key.kind = NETMON_KIND_IPV6;
    r.key.proto = 58;
    r.key.dport = 128 << 8; // echo request, code 0
    r.key.ethertype = 0x86dd;
    r.key.hook = NETMON_HOOK_EGRESS;
    r.key.src[15] = 1;
    r.key.dst[15] = 2;
    r.ifindex = 9;
    Bytes out;
    encode_record(r, out);
    ASSERT_EQ(out.size(), template_by_id(kTemplateIPv6).record_length());
    EXPECT_EQ(Bytes(out.begin() + 32, out.begin() + 39), (Bytes{0, 0, 0, 0, 58, 0, 0}));
    EXPECT_EQ(Bytes(out.begin() + 39, out.begin() + 41), (Bytes{128, 0}));
    EXPECT_EQ(Bytes(out.end() - 12, out.end()),
              (Bytes{1, 1, 0, 0, 0, 0, 0, 0, 0, 9, 0x86, 0xdd})); // reason 1, egress, ifindex
}

TEST(IpfixRecords, NonIpByMacAddresses)
{
    FlowReport r;
    r.key.kind = NETMON_KIND_L2;
    r.key.ethertype = 0x0806;
    for (int i = 0; i < 6; i++) {
        r.key.src[i] = 0xa0 + i;
        r.key.dst[i] = 0xff;
    }
    r.packets = 1;
    r.bytes = 60;
    Bytes out;
    encode_record(r, out);
    ASSERT_EQ(template_for(r), kTemplateNonIP);
    ASSERT_EQ(out.size(), template_by_id(kTemplateNonIP).record_length());
    EXPECT_EQ(Bytes(out.begin(), out.begin() + 12),
              (Bytes{0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}));
    EXPECT_EQ(Bytes(out.begin() + 12, out.begin() + 20), (Bytes{0, 0, 0, 0, 0, 0, 0, 60}));
}

TEST(IpfixRecords, EveryTemplateFitsAMessageWithTheTemplates)
{
    // The first message after a refresh carries all templates and at least
    // one record of any kind.
    for (const Template *t : all_templates())
        EXPECT_LT(kMessageHeaderLength + encode_template_sets().size() + kSetHeaderLength +
                      t->record_length(),
                  1400u);
}
