#include <algorithm>
#include <gtest/gtest.h>

#include <iostream>

#include "output/json_view.h"
#include "test_view_sample_snapshot.h"

using namespace netmon;
using nlohmann::json;

namespace {

// Sum of every class in a "protocols" object.
Count sum_of_classes(const json &protocols)
{
    Count sum;
    for (const auto &[key, c] : protocols.items())
        sum += Count{c.at("packets").get<uint64_t>(), c.at("bytes").get<uint64_t>()};
    return sum;
}

Count count_of(const json &j)
{
    return {j.at("packets").get<uint64_t>(), j.at("bytes").get<uint64_t>()};
}

} // namespace

TEST(JsonView, HasTheContractKeysWithTheirTypes)
{
    json j = to_json(test::sample_snapshot());
    EXPECT_EQ(j.at("schema"), "netmon-xdp/1");
    EXPECT_EQ(j.at("type"), "interval");
    EXPECT_EQ(j.at("source"), "attach");
    EXPECT_EQ(j.at("timestamp"), "2024-05-01T12:00:00.123Z");
    EXPECT_TRUE(j.at("elapsed_s").is_number());
    EXPECT_TRUE(j.at("interval_s").is_number());
    EXPECT_EQ(j.at("filter"), "not port 22");
    for (const char *k : {"packets", "bytes", "pps", "bps", "avg_pps", "avg_bps"})
        EXPECT_TRUE(j.at("totals").at(k).is_number()) << k;
    EXPECT_TRUE(j.at("protocols").is_object());
    EXPECT_TRUE(j.at("non_ip_detail").at("arp").is_object());
    EXPECT_TRUE(j.at("non_ip_detail").at("other").is_object());
    EXPECT_TRUE(j.at("interfaces").is_array());
    EXPECT_TRUE(j.at("flows").at("active").is_number_unsigned());
    EXPECT_TRUE(j.at("flows").at("aged_out").is_number_unsigned());
    EXPECT_TRUE(j.at("flows").at("overflow").at("packets").is_number_unsigned());
    EXPECT_TRUE(j.at("flows").at("refused").at("bytes").is_number_unsigned());
    EXPECT_TRUE(j.at("flows").at("max_active").is_number_unsigned());
    EXPECT_TRUE(j.at("filtered_out").at("bytes").is_number_unsigned());
    for (const char *k : {"sources", "destinations", "flows"})
        EXPECT_TRUE(j.at("top").at(k).is_array()) << k;
    EXPECT_TRUE(j.at("notices").is_array());
    EXPECT_FALSE(j.contains("flow_list"));

    const json &iface = j.at("interfaces").at(0);
    EXPECT_EQ(iface.at("name"), "eth1");
    EXPECT_EQ(iface.at("gone"), false);
    for (const char *k : {"packets", "bytes", "pps", "bps", "avg_pps", "avg_bps"})
        EXPECT_TRUE(iface.at("totals").at(k).is_number()) << k;
    EXPECT_TRUE(iface.at("protocols").is_object());
    EXPECT_EQ(count_of(iface.at("overflow")), (Count{40, 48000}));
    EXPECT_EQ(count_of(iface.at("filtered_out")), (Count{11, 1100}));
    EXPECT_EQ(j.at("interfaces").at(1).at("gone"), true);
    EXPECT_TRUE(iface.at("xdp_mode").is_null()); // none attached in the sample
}

TEST(JsonView, XdpModeInUseIsNamed)
{
    Snapshot s = test::sample_snapshot();
    s.interfaces[0].xdp_mode = "generic";
    const json j = json::parse(render_json_line(s));
    EXPECT_EQ(j.at("interfaces").at(0).at("xdp_mode"), "generic");
}

TEST(JsonView, FilterIsNullWhenNone)
{
    Snapshot s = test::sample_snapshot();
    s.filter.clear();
    EXPECT_TRUE(to_json(s).at("filter").is_null());
}

TEST(JsonView, ClassesAddUpExactlyToTotals)
{
    Snapshot s = test::sample_snapshot();
    json j = to_json(s);
    EXPECT_EQ(sum_of_classes(j.at("protocols")), s.total.total);
    EXPECT_EQ(sum_of_classes(j.at("protocols")), count_of(j.at("totals")));
    for (const json &iface : j.at("interfaces"))
        EXPECT_EQ(sum_of_classes(iface.at("protocols")), count_of(iface.at("totals")))
            << iface.at("name");
}

TEST(JsonView, ProtocolKeysFollowTheClasses)
{
    const json p = to_json(test::sample_snapshot()).at("protocols");
    // The big four and non_ip are always there, even with no packets.
    EXPECT_EQ(count_of(p.at("icmpv6")), (Count{0, 0}));
    EXPECT_EQ(count_of(p.at("tcp")), (Count{1007, 1200560}));
    EXPECT_EQ(count_of(p.at("ip_proto_47")), (Count{5, 700}));
    EXPECT_EQ(count_of(p.at("non_ip")), (Count{23, 1380}));
    EXPECT_EQ(count_of(p.at("ip_malformed")), (Count{2, 120}));
    EXPECT_FALSE(p.contains("ip_proto_6")); // TCP is "tcp", not counted twice
    EXPECT_FALSE(p.contains("ip_proto_2")); // no IGMP packets
    const json d = to_json(test::sample_snapshot()).at("non_ip_detail");
    EXPECT_EQ(count_of(d.at("arp")), (Count{20, 1200}));
    EXPECT_EQ(count_of(d.at("other")), (Count{3, 180}));
}

TEST(JsonView, MalformedIsOmittedWhenZero)
{
    Snapshot s = test::sample_snapshot();
    s.total.classes[NETMON_CTR_MALFORMED_IP] = {};
    EXPECT_FALSE(to_json(s).at("protocols").contains("ip_malformed"));
}

TEST(JsonView, Ipv6ChainTooLongHasItsOwnKeyWhenNonZero)
{
    Snapshot s = test::sample_snapshot();
    EXPECT_FALSE(to_json(s).at("protocols").contains("ipv6_ext_chain_too_long"));
    s.total.classes[NETMON_CTR_IPV6_EXT_CHAIN_TOO_LONG] = {1, 872};
    const json p = to_json(s).at("protocols");
    EXPECT_EQ(count_of(p.at("ipv6_ext_chain_too_long")), (Count{1, 872}));
    EXPECT_FALSE(p.contains("ip_proto_255"));
    EXPECT_FALSE(p.contains("ip_proto_44"));
}

TEST(JsonView, TopListsKeepTheSnapshotsRankingWithAddressesAsText)
{
    json top = to_json(test::sample_snapshot()).at("top");
    const json &sources = top.at("sources");
    ASSERT_EQ(sources.size(), 3u);
    EXPECT_EQ(sources[0].at("address"), "10.0.0.1");
    EXPECT_EQ(sources[1].at("address"), "2001:db8::1");
    EXPECT_EQ(sources[2].at("address"), "aa:bb:cc:dd:ee:01");
    EXPECT_EQ(sources[0].at("bps_2s"), 4.8e6);
    EXPECT_EQ(sources[0].at("bytes"), 1200000u);

    const json &flows = top.at("flows");
    ASSERT_EQ(flows.size(), 4u);
    EXPECT_EQ(flows[0].at("src"), "10.0.0.1");
    EXPECT_EQ(flows[0].at("sport"), 443);
    EXPECT_EQ(flows[0].at("dport"), 51234);
    EXPECT_EQ(flows[0].at("proto"), 6);
    EXPECT_EQ(flows[0].at("ethertype"), "0x0800");
    EXPECT_FALSE(flows[0].contains("icmp_type"));
    EXPECT_EQ(flows[1].at("dst"), "2001:db8::53");
    EXPECT_EQ(flows[2].at("src"), "aa:bb:cc:dd:ee:01"); // 1200 bytes, before ICMP's 980
    EXPECT_EQ(flows[2].at("dst"), "ff:ff:ff:ff:ff:ff");
    EXPECT_EQ(flows[2].at("proto"), 0);
    EXPECT_EQ(flows[2].at("ethertype"), "0x0806");
    EXPECT_EQ(flows[2].at("iface"), "eth2");
    EXPECT_EQ(flows[3].at("icmp_type"), 8);
    EXPECT_EQ(flows[3].at("icmp_code"), 0);
    EXPECT_EQ(flows[3].at("dport"), 8 << 8);
}

TEST(JsonView, FlowListHasEveryFlowWithNanosecondTimes)
{
    Snapshot s = test::sample_snapshot();
    s.kind = Snapshot::Kind::Final;
    FlowRecord f = s.top.flows[0];
    f.first_seen_ns = 1714564790'000000001ull;
    f.last_seen_ns = 1714564800'123456789ull;
    s.flow_list = std::vector<FlowRecord>{f, s.top.flows[2]};
    json j = to_json(s);
    EXPECT_EQ(j.at("type"), "final");
    const json &list = j.at("flow_list");
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].at("first_seen"), "2024-05-01T11:59:50.000000001Z");
    EXPECT_EQ(list[0].at("last_seen"), "2024-05-01T12:00:00.123456789Z");
    EXPECT_EQ(list[0].at("tcp_flags"), 0x1b);
    EXPECT_EQ(list[0].at("packets"), 1000u);
    EXPECT_EQ(list[1].at("ethertype"), "0x0806");
    EXPECT_EQ(list[1].at("proto"), 0);
}

TEST(JsonView, FlowsCarryIpBytesAndSyns)
{
    Snapshot s = test::sample_snapshot();
    s.kind = Snapshot::Kind::Final;
    s.top.flows[0].ip_bytes = 1160000;
    s.top.flows[0].syn_packets = 7;
    s.flow_list = std::vector<FlowRecord>{s.top.flows[0], s.top.flows[2]};
    json j = to_json(s);
    for (const json *flows : {&j.at("top").at("flows"), &j.at("flow_list")}) {
        EXPECT_EQ((*flows)[0].at("ip_bytes"), 1160000u);
        EXPECT_EQ((*flows)[0].at("syn_packets"), 7u);
        EXPECT_EQ((*flows)[0].at("bytes"), 1200000u) << "frame bytes keep their key";
    }
    EXPECT_EQ(j.at("flow_list")[1].at("ip_bytes"), 0u);
    EXPECT_EQ(j.at("flow_list")[1].at("syn_packets"), 0u);
}

TEST(JsonView, LineIsOneLineThatParsesBack)
{
    Snapshot s = test::sample_snapshot();
    FlowRecord f = s.top.flows[0];
    f.first_seen_ns = 1714564736'500000000ull;
    f.last_seen_ns = 1714564800'120000000ull;
    s.flow_list = std::vector<FlowRecord>{f};
    std::string line = render_json_line(s);
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_EQ(json::parse(line), to_json(s));
    // The README's example line comes from here.
    std::cout << line << "\n";
}

TEST(JsonView, HooksSplitTheTotalsIntoReceivedAndSent)
{
    Snapshot s = test::both_directions_snapshot();
    json j = to_json(s);
    EXPECT_EQ(j.at("direction"), "both");
    const json &in = j.at("hooks").at("ingress");
    const json &out = j.at("hooks").at("egress");
    EXPECT_EQ(count_of(in) + count_of(out), count_of(j.at("totals")));
    EXPECT_EQ(count_of(out), (Count{1007, 1200560})); // TCP of eth1 and eth2
    EXPECT_EQ(sum_of_classes(out.at("protocols")), count_of(out));
    EXPECT_EQ(sum_of_classes(in.at("protocols")), count_of(in));
    EXPECT_EQ(out.at("pps"), 251.0);
    // Every interface has its own hooks object too.
    EXPECT_TRUE(j.at("interfaces").at(0).at("hooks").at("egress").at("protocols").is_object());
}

TEST(JsonView, DirectionsLocalNetsAndSplitHostLists)
{
    json j = to_json(test::both_directions_snapshot());
    EXPECT_EQ(j.at("local_nets"), json({"10.0.0.1/32", "2001:db8::/64"}));
    const json &d = j.at("directions");
    EXPECT_EQ(count_of(d.at("outbound")), (Count{1000, 1200000}));
    EXPECT_EQ(count_of(d.at("inbound")), (Count{300, 120000}));
    EXPECT_EQ(count_of(d.at("internal")), (Count{0, 0}));
    EXPECT_EQ(d.at("outbound").at("bps"), 2.4e6);
    EXPECT_EQ(count_of(d.at("other").at("interval")), (Count{1, 100}));

    const json &local = j.at("top").at("local_hosts").at(0);
    EXPECT_EQ(local.at("address"), "10.0.0.1");
    EXPECT_EQ(count_of(local.at("sent")), (Count{1000, 1200000}));
    EXPECT_EQ(count_of(local.at("received")), (Count{10, 980}));
    EXPECT_EQ(count_of(local.at("sent")) + count_of(local.at("received")), count_of(local));
    EXPECT_EQ(j.at("top").at("remote_hosts").at(0).at("address"), "10.0.0.2");
}

TEST(JsonView, IngressOnlySnapshotStillHasEmptyDirectionKeys)
{
    json j = to_json(test::sample_snapshot());
    EXPECT_EQ(j.at("direction"), "ingress");
    EXPECT_TRUE(j.at("local_nets").empty());
    EXPECT_EQ(count_of(j.at("hooks").at("egress")), (Count{0, 0}));
    EXPECT_TRUE(j.at("top").at("local_hosts").empty());
}

TEST(JsonView, TopListsKeepTheSnapshotsOrderRatherThanResorting)
{
    // Interval snapshots rank by bytes within the last 40 s, not by total:
    // the view must not re-rank what the aggregator ranked.
    Snapshot s = test::sample_snapshot();
    std::reverse(s.top.sources.begin(), s.top.sources.end());
    json sources = to_json(s).at("top").at("sources");
    ASSERT_EQ(sources.size(), s.top.sources.size());
    EXPECT_EQ(sources[0].at("bytes"), s.top.sources[0].total.bytes);
    EXPECT_EQ(sources[2].at("bytes"), s.top.sources[2].total.bytes);
}

TEST(JsonView, TimeUnixProtoNamesAndPortsAreAdded)
{
    Snapshot s = test::sample_snapshot();
    s.top.ports = {{17, 53, {5, 500}, {8, 4, 2}}};
    const json j = to_json(s);
    // 2024-05-01T12:00:00.123456789Z, to the millisecond, as a number.
    EXPECT_DOUBLE_EQ(j.at("time_unix").get<double>(), 1714564800.123);
    EXPECT_EQ(j.at("timestamp"), "2024-05-01T12:00:00.123Z");
    const json &flows = j.at("top").at("flows");
    EXPECT_EQ(flows[0].at("proto_name"), "tcp");
    EXPECT_EQ(flows[1].at("proto_name"), "udp");
    EXPECT_EQ(flows[2].at("proto_name"), "arp"); // non-IP: its EtherType
    EXPECT_EQ(flows[3].at("proto_name"), "icmp");
    const json &ports = j.at("top").at("ports");
    ASSERT_EQ(ports.size(), 1u);
    EXPECT_EQ(ports[0], json::parse(R"({"port":53,"proto":17,"proto_name":"udp","packets":5,
        "bytes":500,"bps_2s":8.0,"bps_10s":4.0,"bps_40s":2.0})"));
}

// Additive: each interface's share of the directions, and the kernel flow
// tables' size and fill, per interface and for all of them.
TEST(JsonView, PerInterfaceDirectionsAndFlowTableFill)
{
    Snapshot s = test::both_directions_snapshot();
    s.interfaces[0].directions[static_cast<size_t>(Direction::Outbound)] = {
        {600, 700000}, {100, 80000}, {100, 640000}};
    s.interfaces[1].directions[static_cast<size_t>(Direction::Outbound)] = {
        {400, 500000}, {150, 220000}, {150, 1.76e6}};
    s.interfaces[0].flow_table = {
        .tables = 2, .table_capacity = 8192, .entries = 30, .fullest_table = 20};
    s.interfaces[1].flow_table = {.tables = 2, .table_capacity = 8192};
    s.total.flow_table = {.tables = 4, .table_capacity = 8192, .entries = 30, .fullest_table = 20};
    json j = to_json(s);

    const json &eth1 = j.at("interfaces").at(0);
    EXPECT_EQ(count_of(eth1.at("directions").at("outbound")), (Count{600, 700000}));
    EXPECT_EQ(count_of(eth1.at("directions").at("outbound").at("interval")), (Count{100, 80000}));
    EXPECT_EQ(eth1.at("directions").at("outbound").at("bps"), 640000);
    EXPECT_EQ(count_of(eth1.at("directions").at("inbound")), (Count{0, 0}));
    EXPECT_EQ(count_of(j.at("interfaces").at(1).at("directions").at("outbound")),
              (Count{400, 500000}));

    const json &table = eth1.at("flow_table");
    EXPECT_EQ(table.at("capacity"), 16384u);
    EXPECT_EQ(table.at("entries"), 30u);
    EXPECT_EQ(table.at("tables"), 2u);
    EXPECT_EQ(table.at("table_capacity"), 8192u);
    EXPECT_EQ(table.at("fullest_table"), 20u);
    // Exactly the ratio, not rounded to 3 decimals like the rates.
    EXPECT_EQ(table.at("fill_ratio").get<double>(), 20.0 / 8192.0);
    EXPECT_EQ(j.at("interfaces").at(1).at("flow_table").at("fill_ratio"), 0.0);
    EXPECT_EQ(j.at("flow_table").at("capacity"), 32768u);
    EXPECT_EQ(j.at("flow_table").at("fill_ratio").get<double>(), 20.0 / 8192.0);
    // The existing keys stay as they were.
    EXPECT_EQ(count_of(j.at("directions").at("outbound")), (Count{1000, 1200000}));
    EXPECT_EQ(count_of(eth1.at("overflow")), (Count{40, 48000}));
}

TEST(JsonView, MergedIntervalsAndAlertCountsAreStated)
{
    Snapshot s = test::sample_snapshot();
    json plain = to_json(s);
    EXPECT_EQ(plain.at("merged_intervals"), 1);
    EXPECT_FALSE(plain.contains("alert_events_lost")); // no rules
    EXPECT_FALSE(plain.contains("on_alert_undelivered"));

    s.merged_intervals = 3;
    s.alerts = AlertSection{};
    s.alert_events_lost = 12;
    s.on_alert_undelivered = 4;
    json j = to_json(s);
    EXPECT_EQ(j.at("merged_intervals"), 3);
    EXPECT_EQ(j.at("alert_events_lost"), 12);
    EXPECT_EQ(j.at("on_alert_undelivered"), 4);
}
