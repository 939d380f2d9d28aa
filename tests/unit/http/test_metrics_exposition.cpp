#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "http/metrics_exposition.h"

namespace netmon::http {

namespace {

// One interface: ingress TCP, GRE, ARP and other L2; egress TCP.
Snapshot small_snapshot()
{
    Snapshot s;
    s.sequence = 7;
    TrafficSection eth;
    eth.name = "veth\"0";
    auto &in = eth.hooks[NETMON_HOOK_INGRESS].classes;
    in[6] = {3, 180};
    in[47] = {2, 200};
    in[NETMON_CTR_ARP] = {1, 60};
    in[NETMON_CTR_OTHER_L2] = {1, 64};
    eth.hooks[NETMON_HOOK_EGRESS].classes[6] = {1, 66};
    eth.overflow = {4, 400};
    eth.filtered_out = {5, 500};
    eth.directions[static_cast<size_t>(Direction::Inbound)].total = {2, 120};
    eth.directions[static_cast<size_t>(Direction::Other)].total = {6, 450};
    // 4 CPUs' tables of 8192; the fullest holds 12 of them (12/8192 is
    // exact in binary, so the ratio prints exactly).
    eth.flow_table = {.tables = 4, .table_capacity = 8192, .entries = 30, .fullest_table = 12};
    s.interfaces = {eth};
    s.directions = eth.directions;
    s.flows.active = 3;
    s.flows.aged_out = 9;
    s.flows.max_active = 2097152;
    s.flows.refused = Count{6, 700};
    s.hosts.sources = {.active = 2, .forgotten = 5, .overflow = {3, 180}};
    s.hosts.destinations = {.active = 1};
    return s;
}

const char *kExpected = R"(# HELP netmon_packets_total Frames counted, by interface, hook and class
# TYPE netmon_packets_total counter
netmon_packets_total{interface="veth\"0",hook="ingress",class="icmp"} 0
netmon_packets_total{interface="veth\"0",hook="ingress",class="icmpv6"} 0
netmon_packets_total{interface="veth\"0",hook="ingress",class="ip_proto_47"} 2
netmon_packets_total{interface="veth\"0",hook="ingress",class="non_ip"} 2
netmon_packets_total{interface="veth\"0",hook="ingress",class="tcp"} 3
netmon_packets_total{interface="veth\"0",hook="ingress",class="udp"} 0
netmon_packets_total{interface="veth\"0",hook="egress",class="icmp"} 0
netmon_packets_total{interface="veth\"0",hook="egress",class="icmpv6"} 0
netmon_packets_total{interface="veth\"0",hook="egress",class="non_ip"} 0
netmon_packets_total{interface="veth\"0",hook="egress",class="tcp"} 1
netmon_packets_total{interface="veth\"0",hook="egress",class="udp"} 0
# HELP netmon_bytes_total Bytes of the frames counted (whole Ethernet frames), by interface, hook and class
# TYPE netmon_bytes_total counter
netmon_bytes_total{interface="veth\"0",hook="ingress",class="icmp"} 0
netmon_bytes_total{interface="veth\"0",hook="ingress",class="icmpv6"} 0
netmon_bytes_total{interface="veth\"0",hook="ingress",class="ip_proto_47"} 200
netmon_bytes_total{interface="veth\"0",hook="ingress",class="non_ip"} 124
netmon_bytes_total{interface="veth\"0",hook="ingress",class="tcp"} 180
netmon_bytes_total{interface="veth\"0",hook="ingress",class="udp"} 0
netmon_bytes_total{interface="veth\"0",hook="egress",class="icmp"} 0
netmon_bytes_total{interface="veth\"0",hook="egress",class="icmpv6"} 0
netmon_bytes_total{interface="veth\"0",hook="egress",class="non_ip"} 0
netmon_bytes_total{interface="veth\"0",hook="egress",class="tcp"} 66
netmon_bytes_total{interface="veth\"0",hook="egress",class="udp"} 0
# HELP netmon_direction_packets_total Frames by interface and direction relative to the local networks
# TYPE netmon_direction_packets_total counter
netmon_direction_packets_total{interface="veth\"0",direction="inbound"} 2
netmon_direction_packets_total{interface="veth\"0",direction="outbound"} 0
netmon_direction_packets_total{interface="veth\"0",direction="internal"} 0
netmon_direction_packets_total{interface="veth\"0",direction="other"} 6
# HELP netmon_direction_bytes_total Bytes by interface and direction relative to the local networks
# TYPE netmon_direction_bytes_total counter
netmon_direction_bytes_total{interface="veth\"0",direction="inbound"} 120
netmon_direction_bytes_total{interface="veth\"0",direction="outbound"} 0
netmon_direction_bytes_total{interface="veth\"0",direction="internal"} 0
netmon_direction_bytes_total{interface="veth\"0",direction="other"} 450
# HELP netmon_flows_active Flows in the flow table now
# TYPE netmon_flows_active gauge
netmon_flows_active 3
# HELP netmon_flows_aged_out_total Flows that left the flow table after --flow-timeout idle
# TYPE netmon_flows_aged_out_total counter
netmon_flows_aged_out_total 9
# HELP netmon_flows_active_max Flows the flow table holds at most (--max-active-flows)
# TYPE netmon_flows_active_max gauge
netmon_flows_active_max 2097152
# HELP netmon_flows_refused_packets_total Frames of new flows the full flow table refused (in no flow)
# TYPE netmon_flows_refused_packets_total counter
netmon_flows_refused_packets_total 6
# HELP netmon_flows_refused_bytes_total Bytes of the frames of new flows the full flow table refused
# TYPE netmon_flows_refused_bytes_total counter
netmon_flows_refused_bytes_total 700
# HELP netmon_flow_overflow_packets_total Counted frames that found the kernel flow table full (in no flow)
# TYPE netmon_flow_overflow_packets_total counter
netmon_flow_overflow_packets_total{interface="veth\"0"} 4
# HELP netmon_flow_overflow_bytes_total Bytes of the counted frames that found the kernel flow table full
# TYPE netmon_flow_overflow_bytes_total counter
netmon_flow_overflow_bytes_total{interface="veth\"0"} 400
# HELP netmon_hosts_active Hosts in the host table now (active within the last 40 s)
# TYPE netmon_hosts_active gauge
netmon_hosts_active{table="sources"} 2
netmon_hosts_active{table="destinations"} 1
# HELP netmon_hosts_forgotten_total Hosts that left the host table after 40 s idle (their counts stay in the totals)
# TYPE netmon_hosts_forgotten_total counter
netmon_hosts_forgotten_total{table="sources"} 5
netmon_hosts_forgotten_total{table="destinations"} 0
# HELP netmon_host_overflow_packets_total Frames of hosts the full host table refused (--max-hosts)
# TYPE netmon_host_overflow_packets_total counter
netmon_host_overflow_packets_total{table="sources"} 3
netmon_host_overflow_packets_total{table="destinations"} 0
# HELP netmon_host_overflow_bytes_total Bytes of the frames of hosts the full host table refused
# TYPE netmon_host_overflow_bytes_total counter
netmon_host_overflow_bytes_total{table="sources"} 180
netmon_host_overflow_bytes_total{table="destinations"} 0
# HELP netmon_filtered_out_packets_total Frames the --filter excluded (not in netmon_packets_total)
# TYPE netmon_filtered_out_packets_total counter
netmon_filtered_out_packets_total{interface="veth\"0"} 5
# HELP netmon_filtered_out_bytes_total Bytes of the frames the --filter excluded
# TYPE netmon_filtered_out_bytes_total counter
netmon_filtered_out_bytes_total{interface="veth\"0"} 500
# HELP netmon_flow_table_capacity_flows Flows each CPU's kernel table holds per interval and interface (--max-flows)
# TYPE netmon_flow_table_capacity_flows gauge
netmon_flow_table_capacity_flows 8192
# HELP netmon_flow_table_capacity Flows the interface's kernel flow tables hold per interval (--max-flows per CPU table, all CPUs)
# TYPE netmon_flow_table_capacity gauge
netmon_flow_table_capacity{interface="veth\"0"} 32768
# HELP netmon_flow_table_entries Flows in the interface's kernel flow tables at the last interval's harvest, all CPUs
# TYPE netmon_flow_table_entries gauge
netmon_flow_table_entries{interface="veth\"0"} 30
# HELP netmon_flow_table_fill_ratio Fill of the interface's fullest CPU flow table at the last interval's harvest (1: full, frames overflow)
# TYPE netmon_flow_table_fill_ratio gauge
netmon_flow_table_fill_ratio{interface="veth\"0"} 0.00146484375
# HELP netmon_interface_up 1 while the interface is monitored, 0 once it disappeared
# TYPE netmon_interface_up gauge
netmon_interface_up{interface="veth\"0"} 1
# HELP netmon_intervals_total Intervals closed since start
# TYPE netmon_intervals_total counter
netmon_intervals_total 7
# HELP netmon_poll_duration_seconds Time each interval's harvest took (flip, grace period, flow record copy, aggregation)
# TYPE netmon_poll_duration_seconds histogram
netmon_poll_duration_seconds_bucket{le="0.0005"} 0
netmon_poll_duration_seconds_bucket{le="0.001"} 0
netmon_poll_duration_seconds_bucket{le="0.0025"} 1
netmon_poll_duration_seconds_bucket{le="0.005"} 1
netmon_poll_duration_seconds_bucket{le="0.01"} 1
netmon_poll_duration_seconds_bucket{le="0.025"} 1
netmon_poll_duration_seconds_bucket{le="0.05"} 1
netmon_poll_duration_seconds_bucket{le="0.1"} 1
netmon_poll_duration_seconds_bucket{le="0.25"} 2
netmon_poll_duration_seconds_bucket{le="1"} 2
netmon_poll_duration_seconds_bucket{le="+Inf"} 3
netmon_poll_duration_seconds_sum 3.189453125
netmon_poll_duration_seconds_count 3
# HELP netmon_build_info Always 1: the version and git revision running
# TYPE netmon_build_info gauge
netmon_build_info{version="1.2.3",revision="abc123"} 1
)";

} // namespace

TEST(MetricsExposition, ClassLabels)
{
    EXPECT_EQ(class_label(6), "tcp");
    EXPECT_EQ(class_label(17), "udp");
    EXPECT_EQ(class_label(1), "icmp");
    EXPECT_EQ(class_label(58), "icmpv6");
    EXPECT_EQ(class_label(132), "ip_proto_132");
    EXPECT_EQ(class_label(NETMON_CTR_ARP), "non_ip");
    EXPECT_EQ(class_label(NETMON_CTR_OTHER_L2), "non_ip");
    EXPECT_EQ(class_label(NETMON_CTR_MALFORMED_IP), "malformed_ip");
}

TEST(MetricsExposition, GoldenText)
{
    PollHistogram poll;
    poll.observe(0.001953125); // 2^-9: the sum is exact
    poll.observe(0.1875);
    poll.observe(3.0);
    MetricsContext ctx{"1.2.3", "abc123", 8192, &poll};
    EXPECT_EQ(render_metrics(small_snapshot(), ctx), kExpected);
}

// One series per interface and direction, each the interface's own share.
TEST(MetricsExposition, DirectionsPerInterface)
{
    Snapshot s = small_snapshot();
    TrafficSection lo;
    lo.name = "lo";
    lo.directions[static_cast<size_t>(Direction::Internal)].total = {1, 60};
    s.interfaces.push_back(lo);
    const std::string text = render_metrics(s, {"v", "r", 1, nullptr});
    for (const char *line : {
             "netmon_direction_packets_total{interface=\"veth\\\"0\",direction=\"inbound\"} 2\n",
             "netmon_direction_packets_total{interface=\"veth\\\"0\",direction=\"internal\"} 0\n",
             "netmon_direction_packets_total{interface=\"lo\",direction=\"inbound\"} 0\n",
             "netmon_direction_packets_total{interface=\"lo\",direction=\"internal\"} 1\n",
             "netmon_direction_bytes_total{interface=\"lo\",direction=\"internal\"} 60\n",
             "netmon_flow_table_capacity{interface=\"lo\"} 0\n",
             "netmon_flow_table_fill_ratio{interface=\"lo\"} 0\n",
         })
        EXPECT_NE(text.find(line), std::string::npos) << line << text;
    // HELP and TYPE once per family, whatever the number of interfaces.
    size_t helps = 0;
    for (size_t at = 0;
         (at = text.find("# HELP netmon_direction_packets_total ", at)) != std::string::npos; at++)
        helps++;
    EXPECT_EQ(helps, 1u);
}

// However many hosts and flows a snapshot ranks, the series stay the same:
// top talkers are never labels.
TEST(MetricsExposition, SeriesDoNotFollowTopTalkers)
{
    MetricsContext ctx{"v", "r", 1, nullptr};
    Snapshot few = small_snapshot();
    Snapshot many = small_snapshot();
    for (int i = 0; i < 5000; i++) {
        HostEntry h;
        h.kind = NETMON_KIND_IPV4;
        h.addr[15] = static_cast<uint8_t>(i);
        h.addr[14] = static_cast<uint8_t>(i >> 8);
        many.top.sources.push_back(h);
        many.top.flows.push_back(FlowRecord{});
    }
    auto series = [](const std::string &text) {
        std::set<std::string> names;
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);)
            if (!line.empty() && line[0] != '#')
                names.insert(line.substr(0, line.rfind(' ')));
        return names;
    };
    EXPECT_EQ(series(render_metrics(few, ctx)), series(render_metrics(many, ctx)));
}

} // namespace netmon::http
