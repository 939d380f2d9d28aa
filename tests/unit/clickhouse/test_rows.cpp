// A snapshot as ClickHouse rows: exact golden lines, per-CPU updates of one
// flow added up, interface rows with the interval's counts per hook.
#include <gtest/gtest.h>

#include "clickhouse/rows.h"

namespace netmon::clickhouse {
namespace {

netmon_flow_key udp_key(uint8_t last_octet, uint16_t sport)
{
    netmon_flow_key k{};
    k.kind = NETMON_KIND_IPV4;
    k.proto = 17;
    k.ethertype = 0x0800;
    k.src[10] = k.src[11] = 0xff;
    k.src[12] = 10, k.src[13] = 1, k.src[14] = 0, k.src[15] = last_octet;
    k.dst[10] = k.dst[11] = 0xff;
    k.dst[12] = 192, k.dst[13] = 0, k.dst[14] = 2, k.dst[15] = 1;
    k.sport = sport;
    k.dport = 53;
    return k;
}

Snapshot two_interfaces()
{
    Snapshot s;
    s.wall_time_ns = 1764856000500000000; // 2025-12-04 13:46:40.5 UTC
    s.interval_s = 2.0;
    s.interfaces.resize(2);
    s.interfaces[0].name = "eth0";
    s.interfaces[0].interval = {7, 700};
    s.interfaces[0].hooks[NETMON_HOOK_INGRESS].interval = {5, 500};
    s.interfaces[0].hooks[NETMON_HOOK_EGRESS].interval = {2, 200};
    s.interfaces[1].name = "we\"ird";
    return s;
}

TEST(ClickhouseRows, FlowUpdatesOfSeveralCpusAreOneRow)
{
    Snapshot s = two_interfaces();
    auto detail = std::make_shared<FlowDetail>();
    netmon_flow_stats a{3, 300, 250, 0, 1764856000100000000, 1764856000200000000, 0};
    netmon_flow_stats b{2, 200, 150, 0, 1764855999000000000, 1764856000400000000, 0};
    netmon_flow_stats c{1, 60, 0, 0, 1764856000000000000, 1764856000000000000, 0};
    detail->updates.push_back({0, udp_key(7, 4000), a});
    netmon_flow_key l2{};
    l2.kind = NETMON_KIND_L2;
    l2.ethertype = 0x0806;
    l2.hook = NETMON_HOOK_EGRESS;
    detail->updates.push_back({1, l2, c});
    detail->updates.push_back({0, udp_key(7, 4000), b});
    s.flow_detail = detail;

    const std::vector<Row> rows = flow_rows(s, "edge-1");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].line,
              "{\"host\":\"edge-1\",\"interface\":\"eth0\",\"hook\":\"ingress\","
              "\"interval_start\":1764855998,\"interval_end\":1764856000,\"src\":\"10.1.0.7\","
              "\"dst\":\"192.0.2.1\",\"sport\":4000,\"dport\":53,\"proto\":17,\"ethertype\":2048,"
              "\"class\":\"udp\",\"packets\":5,\"bytes\":500,\"ip_bytes\":400,\"syn_packets\":0,"
              "\"tcp_flags\":0,\"first_seen\":1764855999,\"last_seen\":1764856000}\n");
    EXPECT_EQ(rows[0].count, (Count{5, 500}));
    EXPECT_EQ(rows[0].table, Table::Flows);
    EXPECT_EQ(rows[1].line,
              "{\"host\":\"edge-1\",\"interface\":\"we\\\"ird\",\"hook\":\"egress\","
              "\"interval_start\":1764855998,\"interval_end\":1764856000,"
              "\"src\":\"00:00:00:00:00:00\",\"dst\":\"00:00:00:00:00:00\",\"sport\":0,\"dport\":0,"
              "\"proto\":0,\"ethertype\":2054,\"class\":\"non_ip\",\"packets\":1,\"bytes\":60,"
              "\"ip_bytes\":0,\"syn_packets\":0,\"tcp_flags\":0,\"first_seen\":1764856000,"
              "\"last_seen\":1764856000}\n");
}

TEST(ClickhouseRows, NoFlowDetailNoFlowRows)
{
    EXPECT_TRUE(flow_rows(two_interfaces(), "h").empty());
}

TEST(ClickhouseRows, InterfaceRowsCarryTheIntervalPerHook)
{
    const std::vector<Row> rows = interface_rows(two_interfaces(), "edge-1");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].line,
              "{\"host\":\"edge-1\",\"interface\":\"eth0\",\"interval_start\":1764855998,"
              "\"interval_end\":1764856000,\"packets\":7,\"bytes\":700,\"ingress_packets\":5,"
              "\"ingress_bytes\":500,\"egress_packets\":2,\"egress_bytes\":200}\n");
    EXPECT_EQ(rows[0].table, Table::Interfaces);
    EXPECT_EQ(rows[1].count, (Count{0, 0}));
}

TEST(ClickhouseRows, JsonStringEscapesQuotesAndBytes)
{
    EXPECT_EQ(json_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
    EXPECT_EQ(json_string(std::string("x\n\xff", 3)), "\"x\\u000a\\u00ff\"");
}

} // namespace
} // namespace netmon::clickhouse
