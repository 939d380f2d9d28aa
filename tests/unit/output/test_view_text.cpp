#include <gtest/gtest.h>

#include <sstream>

#include "output/json_view.h"
#include "output/text_columns.h"
#include "output/text_protocols.h"
#include "output/text_view.h"
#include "output/units.h"
#include "support/text_lines.h"
#include "test_view_sample_snapshot.h"

using namespace netmon;

namespace {

using test::lines_of;

// The line that starts with `prefix`, or "" when none does.
std::string line_starting(const std::string &text, const std::string &prefix)
{
    for (const std::string &line : lines_of(text))
        if (line.rfind(prefix, 0) == 0)
            return line;
    return "";
}

// The row that starts with `label`, with the next line when the label
// stands on a line of its own (too wide for its column).
std::string row_of(const std::string &text, const std::string &label)
{
    const std::vector<std::string> lines = lines_of(text);
    for (size_t i = 0; i < lines.size(); i++)
        if (lines[i].rfind(label, 0) == 0)
            return lines[i] + (i + 1 < lines.size() ? "\n" + lines[i + 1] : "");
    return "";
}

bool contains(const std::string &haystack, const std::string &needle)
{
    return haystack.find(needle) != std::string::npos;
}

} // namespace

TEST(TextView, FitsOneHundredColumnsWithoutEscapes)
{
    std::string text = render_text(test::sample_snapshot());
    EXPECT_EQ(text.find('\x1b'), std::string::npos);
    for (const std::string &line : lines_of(text))
        EXPECT_LE(display_width(line), 100u) << line;
}

TEST(TextView, HeaderNamesSourceInterfacesTimesAndFilter)
{
    std::string header = lines_of(render_text(test::sample_snapshot()))[0];
    EXPECT_TRUE(contains(header, "attach on eth1, eth2")) << header;
    EXPECT_TRUE(contains(header, "up 1m05s")) << header;
    EXPECT_TRUE(contains(header, "every 1.00s")) << header;
    EXPECT_TRUE(contains(header, "filter: not port 22")) << header;
}

TEST(TextView, InterfaceRowsShowCountsRatesAndGone)
{
    std::string text = render_text(test::sample_snapshot());
    std::string eth1 = line_starting(text, "eth1 ");
    // 1320 packets, 1321980 bytes; a quarter of them in the 1 s interval.
    EXPECT_TRUE(contains(eth1, " 1320 ")) << eth1;
    EXPECT_TRUE(contains(eth1, "1.26 MiB")) << eth1;
    EXPECT_TRUE(contains(eth1, "330.0 pps")) << eth1;
    EXPECT_TRUE(contains(eth1, "2.64 Mbit/s")) << eth1;
    EXPECT_TRUE(contains(eth1, "20.3 pps")) << eth1; // 1320 / 65 s
    EXPECT_FALSE(line_starting(text, "eth2 (gone)").empty()) << text;
    EXPECT_TRUE(contains(line_starting(text, "total "), " 1347 ")) << text;
    EXPECT_TRUE(contains(text, "filtered out: 11 packets (1.07 KiB)")) << text;
}

TEST(TextView, ProtocolsSortedByPacketsBigFourAlwaysShown)
{
    std::string text = render_text(test::sample_snapshot());
    std::vector<std::string> order;
    for (const char *label : {"TCP ", "UDP ", "ARP ", "ICMP ", "GRE (47) ", "other EtherTypes ",
                              "IP, header unreadable ", "ICMPv6 "})
        order.emplace_back(label);
    size_t last = 0;
    for (const std::string &label : order) {
        size_t at = text.find("\n" + label);
        ASSERT_NE(at, std::string::npos) << label;
        EXPECT_GT(at, last) << label << " out of order";
        last = at;
    }
    EXPECT_TRUE(contains(line_starting(text, "TCP "), "74.8%")) << text; // 1007 / 1347
    EXPECT_TRUE(contains(line_starting(text, "ICMPv6 "), "0.0%")) << text;
    EXPECT_FALSE(contains(text, "IGMP")) << text;
}

TEST(TextView, TopTalkersInTheSnapshotsOrderAndLimited)
{
    TextOptions opts;
    opts.top_n = 2;
    std::string text = render_text(test::sample_snapshot(), opts);
    size_t v4 = text.find("\n10.0.0.1 "), v6 = text.find("\n2001:db8::1 ");
    ASSERT_NE(v4, std::string::npos) << text;
    ASSERT_NE(v6, std::string::npos) << text;
    EXPECT_LT(v4, v6);
    EXPECT_FALSE(contains(text, "\naa:bb:cc:dd:ee:01 ")) << "third source shown with top_n=2";
    // The label is wider than its column: the numbers are on the next line.
    std::string flow = row_of(text, "10.0.0.1:443 \u2192 10.0.0.2:51234 tcp (eth1)");
    EXPECT_TRUE(contains(flow, "4.80M")) << text;
    EXPECT_TRUE(contains(flow, "1.14 MiB")) << text;
}

TEST(TextView, LongIpv6FlowsWrapInsteadOfWidening)
{
    Snapshot s = test::sample_snapshot();
    auto a = test::ipv6("2001:db8:1111:2222:3333:4444:5555:6666");
    auto b = test::ipv6("2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff");
    s.top.flows[0].key = test::flow_key(NETMON_KIND_IPV6, a, b, 65535, 65535, 6, 0x86dd);
    std::string text = render_text(s);
    EXPECT_TRUE(contains(text, "\n[2001:db8:1111:2222:3333:4444:5555:6666]:65535 \u2192\n"
                               "  [2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff]:65535 tcp (eth1)\n"))
        << text;
    for (const std::string &line : lines_of(text))
        EXPECT_LE(display_width(line), 100u) << line;
}

TEST(TextView, FlowTableOverflowStandsOut)
{
    std::string text = render_text(test::sample_snapshot());
    EXPECT_TRUE(contains(text, "flows: 5 active (1.05 MiB), 2 aged out (171.5 KiB)")) << text;
    EXPECT_TRUE(contains(text, "! flow table full: 40 packets (46.9 KiB) not in any flow")) << text;
    Snapshot s = test::sample_snapshot();
    s.flows.overflow = {};
    EXPECT_FALSE(contains(render_text(s), "flow table full"));
}

TEST(TextView, FlowsTheFullTableRefusedStandOut)
{
    Snapshot s = test::sample_snapshot();
    EXPECT_FALSE(contains(render_text(s), "flows held")) << "nothing refused";
    s.flows.max_active = 5;
    s.flows.refused = {7, 420};
    EXPECT_TRUE(
        contains(render_text(s),
                 "\n! 5 flows held: 7 packets (420 B) refused \u2014 raise --max-active-flows\n"))
        << render_text(s);
}

// The fullest CPU table decides when frames overflow: its fill comes first.
TEST(TextView, FlowTableFillFollowsTheFlows)
{
    Snapshot s = test::sample_snapshot();
    EXPECT_FALSE(contains(render_text(s), "flow table: ")); // tables not known
    s.total.flow_table = {
        .tables = 4, .table_capacity = 8192, .entries = 300, .fullest_table = 262};
    const std::string text = render_text(s);
    const std::string line = "\nflow table: 3.2% full (fullest of 4 CPU tables: 262 of 8192 "
                             "flows; 300 in all)\n";
    EXPECT_TRUE(contains(text, line)) << text;
    EXPECT_LT(text.find("\nflows: "), text.find(line)) << text;
}

TEST(TextView, NoticesAreListed)
{
    EXPECT_TRUE(
        contains(render_text(test::sample_snapshot()), "notice: interface eth2 disappeared\n"));
}

TEST(TextView, FinalSummaryHasTotalsDurationAndAverage)
{
    Snapshot s = test::sample_snapshot();
    s.kind = Snapshot::Kind::Final;
    std::string text = render_text(s);
    EXPECT_TRUE(contains(lines_of(text)[0], "final summary")) << text;
    EXPECT_TRUE(contains(lines_of(text)[0], "duration 1m05s")) << text;
    EXPECT_TRUE(contains(text, "total: 1347 packets, 1.26 MiB in 1m05s; average 20.7 pps")) << text;
    EXPECT_TRUE(contains(text, "PROTOCOL")) << text;
    EXPECT_TRUE(contains(text, "TOP FLOWS")) << text;
    EXPECT_TRUE(contains(text, "flows: 5 active")) << text;
}

TEST(TextView, ShowsTheSameNumbersAsJson)
{
    Snapshot s = test::sample_snapshot();
    std::string text = render_text(s);
    nlohmann::json j = to_json(s);
    auto total = std::to_string(j.at("totals").at("packets").get<uint64_t>());
    EXPECT_TRUE(contains(line_starting(text, "total "), " " + total + " ")) << text;
    for (const nlohmann::json &iface : j.at("interfaces")) {
        auto packets = std::to_string(iface.at("totals").at("packets").get<uint64_t>());
        std::string name = iface.at("name");
        EXPECT_TRUE(contains(row_of(text, name), " " + packets + " ")) << name;
    }
    auto tcp = std::to_string(j.at("protocols").at("tcp").at("packets").get<uint64_t>());
    EXPECT_TRUE(contains(line_starting(text, "TCP "), " " + tcp + " ")) << text;
    auto overflow = std::to_string(j.at("flows").at("overflow").at("packets").get<uint64_t>());
    EXPECT_TRUE(contains(text, "flow table full: " + overflow + " packets")) << text;
}

TEST(TextView, BothHooksShowReceivedSentAndDirections)
{
    std::string text = render_text(test::both_directions_snapshot());
    std::string sent = line_starting(text, "sent (egress)");
    EXPECT_TRUE(contains(sent, " 1007 ")) << text;
    EXPECT_TRUE(contains(sent, "251.0 pps")) << sent;
    EXPECT_TRUE(contains(line_starting(text, "received (ingress)"), " 340 ")) << text;
    EXPECT_TRUE(contains(text, "local networks: 10.0.0.1/32, 2001:db8::/64\n")) << text;
    EXPECT_TRUE(contains(line_starting(text, "outbound "), "2.40 Mbit/s")) << text;
    EXPECT_TRUE(contains(line_starting(text, "inbound "), " 300 ")) << text;
    std::string local = line_starting(text, "10.0.0.1  sent");
    EXPECT_TRUE(contains(local, "sent 1.14 MiB, received 980 B")) << text;
    EXPECT_TRUE(contains(text, "TOP LOCAL HOSTS")) << text;
    EXPECT_TRUE(contains(text, "TOP REMOTE HOSTS")) << text;
    for (const std::string &line : lines_of(text))
        EXPECT_LE(display_width(line), 100u) << line;
}

TEST(TextView, IngressOnlyHasNoHookOrDirectionTables)
{
    std::string text = render_text(test::sample_snapshot());
    EXPECT_FALSE(contains(text, "sent (egress)")) << text;
    EXPECT_FALSE(contains(text, "DIRECTION")) << text;
    EXPECT_FALSE(contains(text, "TOP LOCAL HOSTS")) << text;
}

TEST(TextView, SeveralInterfacesEachShowTheirProtocolShares)
{
    Snapshot s = test::sample_snapshot(); // eth1 and eth2
    std::string text = render_text(s);
    auto at = text.find("PER INTERFACE");
    ASSERT_NE(at, std::string::npos) << text;
    std::string rest = text.substr(at);
    std::string eth1 = rest.substr(rest.find("\neth1"),
                                   rest.find('\n', rest.find("\neth1") + 1) - rest.find("\neth1"));
    // eth1: 1000 TCP of 1320 packets.
    EXPECT_NE(eth1.find("TCP " + format_percent(1000, 1320)), std::string::npos) << eth1;
    EXPECT_LE(display_width(eth1), 101u);
}

TEST(TextView, Ipv6ChainTooLongIsNamedNotAProtocolNumber)
{
    ClassCounts classes{};
    classes[NETMON_CTR_IPV6_EXT_CHAIN_TOO_LONG] = {1, 872};
    const std::string table = render_protocol_table(classes, {1, 872});
    EXPECT_NE(table.find("IPv6, >8 extension headers"), std::string::npos) << table;
    EXPECT_EQ(table.find("IP protocol 259"), std::string::npos) << table;
}

TEST(TextView, SeveralInterfacesShowReceivedAndSentEach)
{
    Snapshot s = test::sample_snapshot(); // eth1 and eth2
    s.direction = "both";
    s.interfaces[0].hooks[NETMON_HOOK_INGRESS].total = {700, 70000};
    s.interfaces[0].hooks[NETMON_HOOK_EGRESS].total = {617, 61700};
    s.interfaces[1].hooks[NETMON_HOOK_EGRESS].interval_rate = {5, 4000};
    std::string text = render_text(s);
    EXPECT_TRUE(contains(line_starting(text, "  eth1 received"), " 700 ")) << text;
    EXPECT_TRUE(contains(line_starting(text, "  eth1 sent"), " 617 ")) << text;
    EXPECT_TRUE(contains(line_starting(text, "  eth2 sent"), "4.00 kbit/s")) << text;
    // One interface: the total rows say it all.
    s.interfaces.pop_back();
    EXPECT_FALSE(contains(render_text(s), "  eth1 received")) << render_text(s);
}
