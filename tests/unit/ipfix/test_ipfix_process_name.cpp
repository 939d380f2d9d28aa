// applicationName (IE 96) for flows a local process owns (docs/ipfix.md):
// templates 261 and 262 are 256 and 257 plus the name, 16 octets
// zero-padded; a flow without a process keeps 256/257, byte for byte.
#include <gtest/gtest.h>

#include <algorithm>

#include "ipfix/flow_exporter.h"
#include "ipfix/records.h"
#include "ipfix/templates.h"

using namespace netmon;
using namespace netmon::ipfix;
using Bytes = std::vector<uint8_t>;

namespace {

netmon_flow_key udp_key(netmon_flow_kind kind)
{
    netmon_flow_key k{};
    k.kind = kind;
    k.proto = 17;
    k.sport = 40000;
    k.dport = 9999;
    k.ethertype = kind == NETMON_KIND_IPV4 ? 0x0800 : 0x86dd;
    if (kind == NETMON_KIND_IPV4)
        k.src[10] = k.src[11] = k.dst[10] = k.dst[11] = 0xff;
    k.src[15] = 1;
    k.dst[15] = 2;
    return k;
}

bool contains(const Bytes &hay, const Bytes &needle)
{
    return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

} // namespace

TEST(IpfixProcessName, TemplatesAreThePlainOnesPlusTheName)
{
    for (auto [plain, named] : {std::pair{kTemplateIPv4, kTemplateIPv4Process},
                                std::pair{kTemplateIPv6, kTemplateIPv6Process}}) {
        const Template &p = template_by_id(plain);
        const Template &n = template_by_id(named);
        ASSERT_EQ(n.fields.size(), p.fields.size() + 1);
        for (size_t i = 0; i < p.fields.size(); i++)
            EXPECT_EQ(n.fields[i].id, p.fields[i].id) << i;
        EXPECT_EQ(n.fields.back().id, 96);
        EXPECT_EQ(n.fields.back().length, 16);
        EXPECT_EQ(n.record_length(), p.record_length() + 16);
    }
    // In the template set: id 261, 18 fields, ..., element 96 of 16 octets last.
    const Bytes sets = encode_template_sets();
    EXPECT_TRUE(contains(sets, {0x01, 0x05, 0x00, 0x12, 0x00, 0x08, 0x00, 0x04}));
    EXPECT_TRUE(contains(sets, {0x01, 0x00, 0x00, 0x02, 0x00, 0x60, 0x00, 0x10, 0x01, 0x06}));
}

TEST(IpfixProcessName, RecordEndsWithTheZeroPaddedName)
{
    FlowReport r;
    r.key = udp_key(NETMON_KIND_IPV4);
    r.packets = 3;
    Bytes plain;
    encode_record(r, plain);
    EXPECT_EQ(template_for(r), kTemplateIPv4);

    r.application = "iperf3";
    Bytes named;
    encode_record(r, named);
    EXPECT_EQ(template_for(r), kTemplateIPv4Process);
    ASSERT_EQ(named.size(), template_by_id(kTemplateIPv4Process).record_length());
    EXPECT_TRUE(std::equal(plain.begin(), plain.end(), named.begin()));
    const Bytes name(named.end() - 16, named.end());
    EXPECT_EQ(name, (Bytes{'i', 'p', 'e', 'r', 'f', '3', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));

    // The longest name the kernel keeps fills 15 octets; one NUL stays.
    r.key = udp_key(NETMON_KIND_IPV6);
    r.application = "systemd-resolved";
    Bytes v6;
    encode_record(r, v6);
    EXPECT_EQ(template_for(r), kTemplateIPv6Process);
    ASSERT_EQ(v6.size(), template_by_id(kTemplateIPv6Process).record_length());
    EXPECT_EQ(std::string(v6.end() - 16, v6.end()), std::string("systemd-resolve\0", 16));
}

TEST(IpfixProcessName, ExporterNamesTheFlowsProcessOnly)
{
    auto curl = std::make_shared<ProcessInfo>();
    curl->id = 1;
    curl->pid = 812;
    curl->comm = "curl";
    Snapshot s;
    s.interfaces.resize(1);
    s.interval_s = 1;
    s.wall_time_ns = 1700000000ULL * 1000000000ULL;
    s.kind = Snapshot::Kind::Final;
    auto detail = std::make_shared<FlowDetail>();
    netmon_flow_stats d{};
    d.packets = 1;
    d.bytes = 100;
    // The first update predates the socket's entry; the second has it.
    detail->updates.push_back({0, udp_key(NETMON_KIND_IPV4), d});
    detail->updates.push_back({0, udp_key(NETMON_KIND_IPV4), d, false, curl});
    netmon_flow_key spoofed = udp_key(NETMON_KIND_IPV4);
    spoofed.sport = 7;
    detail->updates.push_back({0, spoofed, d});
    s.interfaces[0].hooks[0].total = Count{3, 300};
    s.flow_detail = detail;
    FlowExporter e(60);
    const std::vector<FlowReport> reports = e.reports(s);
    ASSERT_EQ(reports.size(), 2u);
    for (const FlowReport &r : reports) {
        if (r.key.sport == 7) {
            EXPECT_EQ(r.application, "");
            EXPECT_EQ(template_for(r), kTemplateIPv4);
        } else {
            EXPECT_EQ(r.application, "curl");
            EXPECT_EQ(r.packets, 2u);
        }
    }
}
