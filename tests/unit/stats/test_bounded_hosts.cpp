// The aggregator's host tables are bounded: hosts idle for the longest
// window leave them (their counts stay in the totals and the host figures),
// and --max-hosts caps them, counting what it refused.
#include <gtest/gtest.h>

#include <cstring>

#include "stats/aggregator.h"

using namespace netmon;

namespace {

constexpr uint64_t kSec = 1000000000ULL;

// A UDP flow from 10.1.x.y (x.y = source) to 10.2.x.y (x.y = destination).
FlowDelta udp(uint16_t source, uint16_t destination, uint64_t packets, uint64_t bytes,
              uint64_t at_ns)
{
    FlowDelta d{};
    d.key.kind = NETMON_KIND_IPV4;
    d.key.src[10] = d.key.src[11] = d.key.dst[10] = d.key.dst[11] = 0xff;
    d.key.src[12] = 10, d.key.src[13] = 1, d.key.src[14] = source >> 8,
    d.key.src[15] = source & 0xff;
    d.key.dst[12] = 10, d.key.dst[13] = 2, d.key.dst[14] = destination >> 8,
    d.key.dst[15] = destination & 0xff;
    d.key.sport = 4000;
    d.key.dport = 53;
    d.key.proto = 17;
    d.key.ethertype = 0x0800;
    d.stats.packets = packets;
    d.stats.bytes = bytes;
    d.stats.first_seen_ns = d.stats.last_seen_ns = at_ns;
    return d;
}

// A harvest of these flows, its counters matching them.
Harvest harvest_of(std::vector<FlowDelta> flows)
{
    Harvest h{};
    for (const FlowDelta &d : flows)
        h.counters[NETMON_HOOK_INGRESS][NETMON_CTR_IP_PROTO_BASE + 17] +=
            Count{d.stats.packets, d.stats.bytes};
    h.flows.assign(flows.begin(), flows.end());
    return h;
}

Snapshot close(Aggregator &agg, uint64_t second)
{
    return agg.close_interval({(second + 1) * kSec, 0, 1.0, double(second)},
                              Snapshot::Kind::Interval);
}

// Every flow's traffic is in exactly one of a host table's three figures.
void expect_conserved(const Snapshot &s)
{
    for (const HostTableFigures *f : {&s.hosts.sources, &s.hosts.destinations})
        EXPECT_EQ(f->active_counts + f->forgotten_counts + f->overflow,
                  s.total.total - s.flows.overflow)
            << "interval " << s.sequence;
}

} // namespace

TEST(Aggregator, ForgetsAHostIdleForTheLongestWindowAndKeepsItsCounts)
{
    AggregatorOptions o;
    o.interfaces = {"eth0"};
    o.flow_timeout_s = 5;
    Aggregator agg(o);
    // Second 0: host 1 sends 3 packets to host 7, then goes quiet; host 2
    // sends to host 8 every second.
    agg.add(0, harvest_of({udp(1, 7, 3, 300, 0), udp(2, 8, 1, 100, 0)}));
    Snapshot s = close(agg, 0);
    for (uint64_t second = 1; second <= 40; second++) {
        agg.add(0, harvest_of({udp(2, 8, 1, 100, second * kSec)}));
        s = close(agg, second);
        expect_conserved(s);
        if (second == 39) { // second 0 is still within the 40 s window
            EXPECT_EQ(s.hosts.sources.active, 2u);
            ASSERT_EQ(s.top.sources.size(), 2u);
            EXPECT_EQ(s.top.sources[1].addr[15], 1);
            EXPECT_EQ(s.top.sources[1].total, (Count{3, 300}));
        }
    }
    // Second 0 has left the window: hosts 1 and 7 are forgotten, nothing
    // of their traffic is.
    EXPECT_EQ(s.hosts.sources.active, 1u);
    EXPECT_EQ(s.hosts.sources.forgotten, 1u);
    EXPECT_EQ(s.hosts.sources.forgotten_counts, (Count{3, 300}));
    EXPECT_EQ(s.hosts.destinations.active, 1u);
    EXPECT_EQ(s.hosts.destinations.forgotten, 1u);
    EXPECT_EQ(s.hosts.destinations.forgotten_counts, (Count{3, 300}));
    EXPECT_EQ(s.hosts.sources.overflow, (Count{}));
    EXPECT_EQ(s.total.total, (Count{3 + 41, 300 + 4100}));
    ASSERT_EQ(s.top.sources.size(), 1u);
    EXPECT_EQ(s.top.sources[0].addr[15], 2);
    EXPECT_EQ(s.top.sources[0].total, (Count{41, 4100}));
    EXPECT_EQ(s.hosts.capacity, kDefaultMaxHosts);

    // Back after the idle: a host starting over, its earlier traffic in
    // the forgotten figures.
    agg.add(0, harvest_of({udp(1, 8, 5, 500, 41 * kSec)}));
    s = close(agg, 41);
    expect_conserved(s);
    EXPECT_EQ(s.hosts.sources.active, 2u);
    ASSERT_EQ(s.top.sources.size(), 2u);
    EXPECT_EQ(s.top.sources[1].addr[15], 1);
    EXPECT_EQ(s.top.sources[1].total, (Count{5, 500}));
}

TEST(Aggregator, CountsTheTrafficOfHostsBeyondMaxHosts)
{
    AggregatorOptions o;
    o.interfaces = {"eth0"};
    o.max_hosts = 3;
    Aggregator agg(o);
    std::vector<FlowDelta> flows;
    for (uint16_t i = 0; i < 5; i++) // 5 sources to one destination, 1 + i packets each
        flows.push_back(udp(i, 9, 1 + i, uint64_t{100} * (1 + i), kSec));
    agg.add(0, harvest_of(flows));
    Snapshot s = close(agg, 1);
    expect_conserved(s);
    EXPECT_EQ(s.hosts.capacity, 3u);
    EXPECT_EQ(s.hosts.sources.active, 3u);
    EXPECT_EQ(s.hosts.sources.overflow, (Count{4 + 5, 400 + 500})); // the last two refused
    EXPECT_EQ(s.hosts.destinations.active, 1u);
    EXPECT_EQ(s.hosts.destinations.overflow, (Count{}));
    EXPECT_EQ(s.flows.active, 5u); // the flow table is not capped by it
    ASSERT_EQ(s.notices.size(), 1u);
    EXPECT_NE(s.notices[0].find("source host table full (3 hosts)"), std::string::npos)
        << s.notices[0];

    // Still full: counted again, but noticed once.
    agg.add(0, harvest_of({udp(6, 9, 2, 200, 2 * kSec), udp(0, 9, 1, 100, 2 * kSec)}));
    s = close(agg, 2);
    expect_conserved(s);
    EXPECT_EQ(s.hosts.sources.overflow, (Count{11, 1100}));
    EXPECT_TRUE(s.notices.empty());
}
