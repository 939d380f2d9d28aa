// The userspace flow table: folding, ageing by last-seen time, conservation,
// iftop's sliding windows and top N.
#include <gtest/gtest.h>

#include <cstring>

#include "stats/aggregator.h"
#include "stats/flow_table.h"
#include "stats/top_n.h"

using namespace netmon;

namespace {

constexpr uint64_t kSec = 1000000000ULL;

netmon_flow_key udp_key(uint16_t sport)
{
    netmon_flow_key k{};
    k.kind = NETMON_KIND_IPV4;
    k.src[10] = k.src[11] = k.dst[10] = k.dst[11] = 0xff;
    k.src[12] = 10, k.src[15] = 1;
    k.dst[12] = 10, k.dst[15] = 2;
    k.sport = sport;
    k.dport = 53;
    k.proto = 17;
    k.ethertype = 0x0800;
    return k;
}

FlowDelta delta(uint16_t sport, uint64_t packets, uint64_t bytes, uint64_t first, uint64_t last)
{
    FlowDelta d{};
    d.key = udp_key(sport);
    d.stats.packets = packets;
    d.stats.bytes = bytes;
    d.stats.first_seen_ns = first;
    d.stats.last_seen_ns = last;
    return d;
}

} // namespace

TEST(TopN, KeepsTheLargestInDescendingOrder)
{
    auto score = [](int v) { return v; };
    TopN<int, decltype(score)> top(3, score);
    for (int v : {5, 1, 9, 7, 3, 9, 2})
        top.offer(v);
    EXPECT_EQ(top.result(), (std::vector<int>{9, 9, 7}));
}

TEST(FlowTable, FoldsDeltasOfTheSameFlowAcrossIntervals)
{
    FlowTable t({"eth0"}, WindowSpec::for_interval(1.0), 10, false);
    std::vector<FlowDelta> a{delta(1000, 3, 300, 5 * kSec, 6 * kSec)};
    std::vector<FlowDelta> b{delta(1000, 2, 200, 7 * kSec, 8 * kSec)};
    t.fold(0, a);
    t.end_interval();
    t.fold(0, b);
    t.end_interval();
    ASSERT_EQ(t.active(), 1u);
    auto flows = t.all_flows();
    ASSERT_EQ(flows.size(), 1u);
    EXPECT_EQ(flows[0].total, (Count{5, 500}));
    EXPECT_EQ(flows[0].first_seen_ns, 5 * kSec);
    EXPECT_EQ(flows[0].last_seen_ns, 8 * kSec);
    EXPECT_EQ(flows[0].iface, "eth0");
}

TEST(FlowTable, AgesOutByLastSeenAndKeepsTheCounts)
{
    FlowTable t({"eth0"}, WindowSpec::for_interval(1.0), 10, /*keep_aged_flows=*/true);
    // Folded out of last-seen order on purpose: the table orders them.
    std::vector<FlowDelta> d{delta(1, 1, 100, 10 * kSec, 30 * kSec),
                             delta(2, 2, 200, 10 * kSec, 10 * kSec),
                             delta(3, 4, 400, 10 * kSec, 20 * kSec)};
    t.fold(0, d);
    t.age_out(25 * kSec); // flows last seen before 25 s leave
    EXPECT_EQ(t.active(), 1u);
    EXPECT_EQ(t.aged_out(), 2u);
    EXPECT_EQ(t.aged_out_counts(), (Count{6, 600}));
    EXPECT_EQ(t.active_counts(), (Count{1, 100}));
    EXPECT_EQ(t.all_flows().size(), 3u); // aged-out ones kept for --all-flows

    // A flow seen again is refreshed and not aged with its old time.
    std::vector<FlowDelta> again{delta(1, 1, 100, 40 * kSec, 40 * kSec)};
    t.fold(0, again);
    t.age_out(35 * kSec);
    EXPECT_EQ(t.active(), 1u);
    EXPECT_EQ(t.active_counts(), (Count{2, 200}));
}

TEST(FlowTable, FinalTopIncludesAgedOutFlows)
{
    FlowTable t({"eth0"}, WindowSpec::for_interval(1.0), 2, false);
    std::vector<FlowDelta> d{delta(1, 1, 9000, kSec, kSec), delta(2, 1, 10, kSec, 50 * kSec),
                             delta(3, 1, 500, kSec, 50 * kSec)};
    t.fold(0, d);
    t.age_out(10 * kSec); // the biggest flow ages out
    auto top = t.top_total(2);
    ASSERT_EQ(top.size(), 2u);
    EXPECT_EQ(top[0].key.sport, 1);
    EXPECT_EQ(top[1].key.sport, 3);
}

TEST(TalkerTable, WindowsSlideOutOldIntervals)
{
    // 1 s intervals: windows of 2, 10 and 40 intervals.
    TalkerTable<HostKey, KeyHash, char> t(WindowSpec::for_interval(1.0));
    HostKey h{};
    h.addr[0] = 1;
    auto handle = t.add(h, {1, 1000}); // interval 0
    t.end_interval();
    for (int i = 1; i < 12; i++)
        t.end_interval(); // 11 quiet intervals
    const auto &e = t.at(handle);
    EXPECT_EQ(e.window_bytes[0], 0u);    // out of 2 s
    EXPECT_EQ(e.window_bytes[1], 0u);    // out of 10 s
    EXPECT_EQ(e.window_bytes[2], 1000u); // still in 40 s
    EXPECT_EQ(e.total, (Count{1, 1000}));
    auto rates = t.rates(e);
    EXPECT_DOUBLE_EQ(rates.last_40s, 1000 * 8.0 / 12.0); // averaged over the 12 s so far
    for (int i = 0; i < 30; i++)
        t.end_interval();
    EXPECT_EQ(t.at(handle).window_bytes[2], 0u);
    EXPECT_TRUE(t.top_recent(10).empty()); // no longer among the recent talkers
    EXPECT_EQ(t.top_total(10).size(), 1u); // but still in the totals
}

TEST(TalkerTable, ErasedEntriesLeaveNoStaleWindowContributions)
{
    TalkerTable<HostKey, KeyHash, char> t(WindowSpec::for_interval(1.0));
    HostKey a{}, b{};
    a.addr[0] = 1;
    b.addr[0] = 2;
    auto ha = t.add(a, {1, 100});
    t.erase(ha);
    auto hb = t.add(b, {1, 50}); // a's slot waits for a's record to leave the ring
    EXPECT_NE(ha, hb);
    EXPECT_EQ(t.find(a, t.hash_of(a)), nullptr);
    for (int i = 0; i < 45; i++)
        t.end_interval(); // a's old records expire without touching b
    EXPECT_EQ(t.at(hb).window_bytes[2], 0u);
    EXPECT_EQ(t.at(hb).total, (Count{1, 50}));
    EXPECT_EQ(t.size(), 1u);
}

// Records carry no generation: an erased entry's slot is handed out again
// only once its last record has left the ring, so the next entry in it
// never loses bytes to records that were not its own.
TEST(TalkerTable, AnErasedEntrysSlotIsReusedOnlyOnceItsRecordsLeftTheRing)
{
    TalkerTable<HostKey, KeyHash, char> t(WindowSpec::for_interval(1.0));
    HostKey a{}, b{}, c{};
    a.addr[0] = 1;
    b.addr[0] = 2;
    c.addr[0] = 3;
    auto ha = t.add(a, {1, 100}); // interval 0
    t.end_interval();
    t.add(a, {1, 20}); // interval 1
    t.erase(ha);
    for (int i = 0; i < 40; i++) // interval 0 leaves; interval 1 stays
        t.end_interval();
    auto hb = t.add(b, {1, 7});
    EXPECT_NE(hb, ha);
    t.end_interval(); // interval 1, a's last record, leaves the ring
    auto hc = t.add(c, {1, 9});
    EXPECT_EQ(hc, ha);
    for (int i = 0; i < 9; i++)
        t.end_interval();
    EXPECT_EQ(t.at(hc).window_bytes[1], 9u); // its own bytes, nothing taken off
    EXPECT_EQ(t.at(hc).window_bytes[2], 9u);
    EXPECT_EQ(t.at(hc).total, (Count{1, 9}));
    EXPECT_EQ(t.at(hb).window_bytes[2], 7u);
}

// More than 4 GiB in one interval (a 40 Gb/s flow at 1 s intervals) slides
// out exactly: a record's bytes are not capped at 32 bits.
TEST(TalkerTable, MoreThanFourGibibytesInAnIntervalSlideOutExactly)
{
    TalkerTable<HostKey, KeyHash, char> t(WindowSpec::for_interval(1.0));
    HostKey a{};
    a.addr[0] = 1;
    constexpr uint64_t kGiB = uint64_t{1} << 30;
    auto ha = t.add(a, {1, 5 * kGiB}); // interval 0
    t.add(a, {1, 3 * kGiB + 1});
    t.add(a, {1, 4 * kGiB - 2});
    t.add(a, {1, 9 * kGiB});
    t.end_interval();
    t.add(a, {1, 11}); // interval 1
    t.end_interval();
    const uint64_t first = 21 * kGiB - 1;
    EXPECT_EQ(t.at(ha).window_bytes[0], first + 11);
    t.end_interval(); // interval 0 leaves the 2 s window
    EXPECT_EQ(t.at(ha).window_bytes[0], 11u);
    EXPECT_EQ(t.at(ha).window_bytes[1], first + 11);
    EXPECT_EQ(t.at(ha).total, (Count{5, first + 11}));
    for (int i = 0; i < 38; i++)
        t.end_interval();
    EXPECT_EQ(t.at(ha).window_bytes[2], 11u); // interval 0 left the 40 s window
    t.end_interval();
    EXPECT_EQ(t.at(ha).window_bytes[2], 0u);
    EXPECT_TRUE(t.top_recent(10).empty());
}

// Many adds to one entry in one interval make one ring record: each window
// still holds every add, and loses them all when the interval slides out.
TEST(TalkerTable, SeveralAddsInAnIntervalSlideOutTogether)
{
    TalkerTable<HostKey, KeyHash, char> t(WindowSpec::for_interval(1.0));
    HostKey a{}, b{};
    a.addr[0] = 1;
    b.addr[0] = 2;
    auto ha = t.add(a, {1, 100}); // interval 0
    t.add(b, {1, 7});
    t.add(a, {2, 200});
    t.add(a, {3, 300});
    t.end_interval();
    t.add(a, {1, 5}); // interval 1
    t.end_interval();
    EXPECT_EQ(t.at(ha).window_bytes[0], 605u); // both intervals in the 2 s window
    t.end_interval();                          // interval 0 leaves the 2 s window
    EXPECT_EQ(t.at(ha).window_bytes[0], 5u);
    EXPECT_EQ(t.at(ha).window_bytes[1], 605u);
    EXPECT_EQ(t.at(ha).total, (Count{7, 605}));
    for (int i = 0; i < 45; i++)
        t.end_interval();
    EXPECT_EQ(t.at(ha).window_bytes[2], 0u);
    EXPECT_TRUE(t.top_recent(10).empty());

    // An entry erased while its record is in the ring: the next entry gets
    // another slot and a record of its own.
    auto hc = t.add(a, {1, 40});
    t.erase(hc);
    HostKey c{};
    c.addr[0] = 3;
    auto hd = t.add(c, {1, 9});
    t.add(c, {1, 1});
    EXPECT_EQ(t.at(hd).window_bytes[0], 10u);
    for (int i = 0; i < 3; i++) // as interval 0 above: out of the 2 s window
        t.end_interval();
    EXPECT_EQ(t.at(hd).window_bytes[0], 0u);
    EXPECT_EQ(t.at(hd).window_bytes[2], 10u);
}

TEST(Aggregator, ConservesEveryFrameAcrossFlowsAgeingAndOverflow)
{
    AggregatorOptions o;
    o.interfaces = {"eth0"};
    o.flow_timeout_s = 5;
    Aggregator agg(o);

    Harvest h{};
    h.counters[NETMON_HOOK_INGRESS][NETMON_CTR_IP_PROTO_BASE + 17] = {10, 1000};
    h.counters[NETMON_HOOK_INGRESS][NETMON_CTR_ARP] = {2, 84};
    h.counters[NETMON_HOOK_INGRESS][NETMON_CTR_FLOW_OVERFLOW] = {4,
                                                                 400}; // 4 UDP frames found no room
    h.flows = {delta(1, 6, 600, kSec, kSec)};
    FlowDelta arp{};
    arp.key.kind = NETMON_KIND_L2;
    arp.key.ethertype = 0x0806;
    arp.stats = {2, 84, kSec, kSec, 0, {}};
    h.flows.push_back(arp);
    agg.add(0, h);
    auto s1 = agg.close_interval({2 * kSec, 0, 1.0, 1.0}, Snapshot::Kind::Interval);
    auto s2 = agg.close_interval({20 * kSec, 0, 1.0, 2.0}, Snapshot::Kind::Final); // all aged

    for (const Snapshot &s : {s1, s2}) {
        Count classes;
        for (const auto &c : s.total.classes)
            classes += c;
        EXPECT_EQ(classes, s.total.total);
        EXPECT_EQ(s.total.total, (Count{12, 1084}));
        EXPECT_EQ(s.flows.active_counts + s.flows.aged_out_counts + s.flows.overflow,
                  s.total.total);
    }
    EXPECT_EQ(s1.flows.active, 2u);
    EXPECT_EQ(s2.flows.active, 0u);
    EXPECT_EQ(s2.flows.aged_out, 2u);
    EXPECT_EQ(s1.total.interval, (Count{12, 1084}));
    EXPECT_EQ(s2.total.interval, (Count{0, 0}));
    ASSERT_FALSE(s2.top.flows.empty());
    EXPECT_EQ(s2.top.flows[0].total, (Count{6, 600})); // final top: by total, aged included
}

// A full table (--max-active-flows) refuses new flows: their traffic is in
// refused_counts(), the flows it holds keep counting, and the updates say
// which flows it refused. A flow that ages out makes room again.
TEST(FlowTable, AFullTableRefusesNewFlowsAndCountsTheirTraffic)
{
    FlowTable t({"eth0"}, WindowSpec::for_interval(1.0), 10, false, /*max_active=*/2);
    std::vector<FlowDelta> d{delta(1, 1, 100, kSec, kSec), delta(2, 2, 200, kSec, 2 * kSec),
                             delta(3, 4, 400, kSec, 3 * kSec)};
    std::vector<FlowDetail::Update> detail(d.size());
    t.fold(0, d, detail.data());
    EXPECT_EQ(t.active(), 2u);
    EXPECT_EQ(t.max_active(), 2u);
    EXPECT_EQ(t.active_counts(), (Count{3, 300}));
    EXPECT_EQ(t.refused_counts(), (Count{4, 400}));
    EXPECT_TRUE(detail[0].held && detail[0].started);
    EXPECT_TRUE(detail[1].held && detail[1].started);
    EXPECT_FALSE(detail[2].held);
    EXPECT_FALSE(detail[2].started) << "it made no flow appear in the table";

    // Held flows keep counting when the table is full.
    std::vector<FlowDelta> more{delta(2, 1, 50, 4 * kSec, 4 * kSec)};
    t.fold(0, more);
    EXPECT_EQ(t.active_counts(), (Count{4, 350}));
    t.end_interval();

    t.age_out(2 * kSec); // flow 1 (last seen at 1 s) leaves
    std::vector<FlowDelta> again{delta(3, 1, 100, 5 * kSec, 5 * kSec)};
    std::vector<FlowDetail::Update> held(1);
    t.fold(0, again, held.data());
    EXPECT_TRUE(held[0].held && held[0].started) << "room again once a flow aged out";
    EXPECT_EQ(t.active(), 2u);
    EXPECT_EQ(t.refused_counts(), (Count{4, 400}));
    ASSERT_EQ(t.top_recent(10).size(), 2u);
    for (const FlowRecord &r : t.top_recent(10))
        EXPECT_NE(r.key.sport, 1) << "the aged-out flow is gone";
}

TEST(Aggregator, RefusedFlowsKeepEveryFrameInTheTotalsAndAreNoticedOnce)
{
    AggregatorOptions o;
    o.interfaces = {"eth0"};
    o.max_active_flows = 1;
    Aggregator agg(o);

    Harvest h{};
    h.counters[NETMON_HOOK_INGRESS][NETMON_CTR_IP_PROTO_BASE + 17] = {7, 700};
    h.flows = {delta(1, 3, 300, kSec, kSec), delta(2, 4, 400, kSec, kSec)};
    agg.add(0, h);
    auto s1 = agg.close_interval({2 * kSec, 0, 1.0, 1.0}, Snapshot::Kind::Interval);
    h.counters[NETMON_HOOK_INGRESS][NETMON_CTR_IP_PROTO_BASE + 17] = {1, 100};
    h.flows = {delta(3, 1, 100, 2 * kSec, 2 * kSec)};
    agg.add(0, h);
    auto s2 = agg.close_interval({3 * kSec, 0, 1.0, 2.0}, Snapshot::Kind::Interval);

    EXPECT_EQ(s1.flows.refused, (Count{4, 400}));
    EXPECT_EQ(s2.flows.refused, (Count{5, 500}));
    for (const Snapshot &s : {s1, s2}) {
        EXPECT_EQ(s.flows.max_active, 1u);
        EXPECT_EQ(s.flows.active, 1u);
        EXPECT_EQ(s.flows.active_counts + s.flows.aged_out_counts + s.flows.overflow +
                      s.flows.refused,
                  s.total.total);
    }
    ASSERT_EQ(s1.notices.size(), 1u);
    EXPECT_NE(s1.notices[0].find("raise --max-active-flows"), std::string::npos) << s1.notices[0];
    EXPECT_TRUE(s2.notices.empty()) << "noticed when it starts, not every interval";
}

TEST(Aggregator, SplitsHostsIntoLocalAndRemoteWithSentAndReceived)
{
    AggregatorOptions o;
    o.interfaces = {"eth0"};
    o.local_nets.add("10.0.0.1/32");
    Aggregator agg(o);

    Harvest h{};
    FlowDelta out = delta(1000, 3, 300, kSec, kSec); // 10.0.0.1 -> 10.0.0.2
    FlowDelta in = delta(2000, 5, 500, kSec, kSec);
    std::swap(in.key.src, in.key.dst); // 10.0.0.2 -> 10.0.0.1
    h.counters[NETMON_HOOK_INGRESS][NETMON_CTR_IP_PROTO_BASE + 17] = {8, 800};
    h.flows = {out, in};
    agg.add(0, h);

    for (auto kind : {Snapshot::Kind::Interval, Snapshot::Kind::Final}) {
        Snapshot s = agg.close_interval({2 * kSec, 0, 1.0, 1.0}, kind);
        ASSERT_EQ(s.top.local_hosts.size(), 1u);
        ASSERT_EQ(s.top.remote_hosts.size(), 1u);
        const HostEntry &local = s.top.local_hosts[0];
        EXPECT_EQ(local.addr[15], 1);
        EXPECT_EQ(local.sent, (Count{3, 300}));
        EXPECT_EQ(local.received, (Count{5, 500}));
        EXPECT_EQ(local.total, (Count{8, 800}));
        const HostEntry &remote = s.top.remote_hosts[0];
        EXPECT_EQ(remote.addr[15], 2);
        EXPECT_EQ(remote.sent, (Count{5, 500}));
        EXPECT_EQ(remote.received, (Count{3, 300}));
        // Sent plus received, over the 1 s and then 2 s the run has lasted.
        double seconds = kind == Snapshot::Kind::Interval ? 1.0 : 2.0;
        EXPECT_DOUBLE_EQ(remote.rates.last_2s, 800 * 8.0 / seconds);
    }
}

// Each CPU drains its own copy of a flow: one harvest may hold the same key
// once per CPU, and it must fold into one flow with every frame in it.
TEST(Aggregator, FoldsOneFlowCountedOnSeveralCpusIntoOne)
{
    AggregatorOptions o;
    o.interfaces = {"eth0"};
    o.local_nets.add("10.0.0.1/32");
    Aggregator agg(o);

    Harvest h{};
    FlowDelta cpu0 = delta(1000, 3, 300, 2 * kSec, 5 * kSec);
    FlowDelta cpu1 = delta(1000, 4, 400, 1 * kSec, 4 * kSec);
    cpu0.stats.tcp_flags = 0x02;
    cpu1.stats.tcp_flags = 0x10;
    h.counters[NETMON_HOOK_INGRESS][NETMON_CTR_IP_PROTO_BASE + 17] = {7, 700};
    h.flows = {cpu0, cpu1};
    agg.add(0, h);
    Snapshot s = agg.close_interval({6 * kSec, 0, 1.0, 1.0}, Snapshot::Kind::Interval);

    EXPECT_EQ(s.flows.active, 1u);
    EXPECT_EQ(s.flows.active_counts, (Count{7, 700}));
    ASSERT_EQ(s.top.flows.size(), 1u);
    const FlowRecord &f = s.top.flows[0];
    EXPECT_EQ(f.total, (Count{7, 700}));
    EXPECT_EQ(f.first_seen_ns, 1 * kSec);
    EXPECT_EQ(f.last_seen_ns, 5 * kSec);
    EXPECT_EQ(f.tcp_flags, 0x12);
    ASSERT_EQ(s.top.sources.size(), 1u);
    EXPECT_EQ(s.top.sources[0].total, (Count{7, 700}));
    ASSERT_EQ(s.top.destinations.size(), 1u);
    EXPECT_EQ(s.top.destinations[0].total, (Count{7, 700}));
    EXPECT_EQ(s.directions[static_cast<size_t>(Direction::Outbound)].interval, (Count{7, 700}));
}

// IP bytes and SYNs add up like packets: over CPUs within a harvest and
// over harvests, into the flow's record.
TEST(Aggregator, AddsIpBytesAndSynsOfEveryCpuAndInterval)
{
    AggregatorOptions o;
    o.interfaces = {"eth0"};
    Aggregator agg(o);

    FlowDelta cpu0 = delta(1000, 3, 300, 1 * kSec, 2 * kSec);
    FlowDelta cpu1 = delta(1000, 4, 400, 1 * kSec, 2 * kSec);
    cpu0.stats.ip_bytes = 258;
    cpu0.stats.syn_packets = 2;
    cpu1.stats.ip_bytes = 344;
    cpu1.stats.syn_packets = 1;
    Harvest h{};
    h.flows = {cpu0, cpu1};
    agg.add(0, h);
    agg.close_interval({2 * kSec, 0, 1.0, 1.0}, Snapshot::Kind::Interval);

    FlowDelta later = delta(1000, 1, 100, 3 * kSec, 3 * kSec);
    later.stats.ip_bytes = 86;
    later.stats.syn_packets = 1;
    Harvest h2{};
    h2.flows = {later};
    agg.add(0, h2);
    Snapshot s = agg.close_interval({3 * kSec, 0, 1.0, 2.0}, Snapshot::Kind::Interval);

    ASSERT_EQ(s.top.flows.size(), 1u);
    const FlowRecord &f = s.top.flows[0];
    EXPECT_EQ(f.total, (Count{8, 800}));
    EXPECT_EQ(f.ip_bytes, 258u + 344u + 86u);
    EXPECT_EQ(f.syn_packets, 4u);
}

// A big harvest folds the flow table on a second thread: the result must be
// what folding the same flows in small (single-threaded) harvests gives.
TEST(Aggregator, BigHarvestsFoldLikeSmallOnes)
{
    AggregatorOptions o;
    o.interfaces = {"eth0"};
    o.local_nets.add("10.0.0.1/32");
    Aggregator big(o), small(o);
    std::vector<FlowDelta> flows;
    for (uint32_t i = 0; i < 40000; i++) {
        FlowDelta d =
            delta(static_cast<uint16_t>(i), 1 + i % 7, 100 + i % 1000, kSec + i, kSec + i);
        d.key.dst[14] = static_cast<uint8_t>(i >> 8); // many destination hosts
        flows.push_back(d);
    }
    Harvest all{};
    all.flows.assign(flows.begin(), flows.end());
    big.add(0, all);
    for (size_t first = 0; first < flows.size(); first += 1000) {
        Harvest part{};
        part.flows.assign(flows.begin() + first, flows.begin() + first + 1000);
        small.add(0, part);
    }
    Snapshot a = big.close_interval({2 * kSec, 0, 1.0, 1.0}, Snapshot::Kind::Final);
    Snapshot b = small.close_interval({2 * kSec, 0, 1.0, 1.0}, Snapshot::Kind::Final);
    EXPECT_EQ(a.flows.active, 40000u);
    EXPECT_EQ(a.flows.active, b.flows.active);
    EXPECT_EQ(a.flows.active_counts, b.flows.active_counts);
    ASSERT_EQ(a.top.flows.size(), b.top.flows.size());
    for (size_t i = 0; i < a.top.flows.size(); i++)
        EXPECT_EQ(a.top.flows[i].total, b.top.flows[i].total);
    ASSERT_EQ(a.top.destinations.size(), b.top.destinations.size());
    for (size_t i = 0; i < a.top.destinations.size(); i++) {
        EXPECT_EQ(a.top.destinations[i].addr, b.top.destinations[i].addr);
        EXPECT_EQ(a.top.destinations[i].total, b.top.destinations[i].total);
    }
    for (size_t d = 0; d < kNumDirections; d++)
        EXPECT_EQ(a.directions[d].total, b.directions[d].total);
}

namespace {

// A finished download (1 MB in the first second) and a transfer running
// now (10 kB a second since second 15): at second 20 the 40 s window still
// ranks the download first, the 10 s and 2 s windows the running one.
std::vector<Snapshot> finished_and_running(bool rank_every_window)
{
    AggregatorOptions o;
    o.interfaces = {"eth0"};
    o.top_n = 1;
    o.rank_every_window = rank_every_window;
    Aggregator agg(o);
    std::vector<Snapshot> out;
    for (uint64_t second = 1; second <= 20; second++) {
        Harvest h{};
        if (second == 1)
            h.flows.push_back(delta(1000, 700, 1000000, kSec, kSec));
        if (second >= 15)
            h.flows.push_back(delta(2000, 10, 10000, second * kSec, second * kSec));
        agg.add(0, h);
        out.push_back(agg.close_interval({(second + 1) * kSec, 0, 1.0, double(second)},
                                         Snapshot::Kind::Interval));
    }
    return out;
}

} // namespace

TEST(Aggregator, RanksByTheFortySecondWindowUnlessAskedForEveryWindow)
{
    const Snapshot plain = finished_and_running(false).back();
    ASSERT_EQ(plain.top.flows.size(), 1u);
    EXPECT_EQ(plain.top.flows[0].key.sport, 1000); // the finished download

    const Snapshot every = finished_and_running(true).back();
    // 40 s leader first, then the 10 s (and 2 s) leader; no duplicates.
    ASSERT_EQ(every.top.flows.size(), 2u);
    EXPECT_EQ(every.top.flows[0].key.sport, 1000);
    EXPECT_EQ(every.top.flows[1].key.sport, 2000);
    EXPECT_DOUBLE_EQ(every.top.flows[1].rates.last_10s, 60000 * 8.0 / 10);
    EXPECT_DOUBLE_EQ(every.top.flows[0].rates.last_10s, 0);
    // The hosts follow the same rule: both flows have one source, so one entry.
    EXPECT_EQ(every.top.sources.size(), 1u);
}

TEST(Aggregator, CountsDestinationPortsByProtocol)
{
    AggregatorOptions o;
    o.interfaces = {"eth0"};
    Aggregator agg(o);
    Harvest h{};
    FlowDelta dns1 = delta(1000, 2, 200, kSec, kSec); // udp/53
    FlowDelta dns2 = delta(1001, 3, 300, kSec, kSec); // udp/53 from another port
    FlowDelta web = delta(1002, 7, 7000, kSec, kSec);
    web.key.proto = 6;
    web.key.dport = 443;
    FlowDelta icmp = delta(0, 1, 98, kSec, kSec); // no ports: not listed
    icmp.key.proto = 1;
    icmp.key.dport = 8 << 8;
    h.flows = {dns1, dns2, web, icmp};
    agg.add(0, h);
    for (auto kind : {Snapshot::Kind::Interval, Snapshot::Kind::Final}) {
        Snapshot s = agg.close_interval({2 * kSec, 0, 1.0, 1.0}, kind);
        ASSERT_EQ(s.top.ports.size(), 2u);
        EXPECT_EQ(s.top.ports[0].proto, 6);
        EXPECT_EQ(s.top.ports[0].port, 443);
        EXPECT_EQ(s.top.ports[0].total, (Count{7, 7000}));
        EXPECT_EQ(s.top.ports[1].proto, 17);
        EXPECT_EQ(s.top.ports[1].port, 53);
        EXPECT_EQ(s.top.ports[1].total, (Count{5, 500}));
    }
}

// Each interface holds its own share of the directions, and the shares add
// up to Snapshot::directions exactly, interval and total.
TEST(Aggregator, SplitsDirectionsByInterface)
{
    AggregatorOptions o;
    o.interfaces = {"eth0", "eth1"};
    o.local_nets.add("10.0.0.1/32");
    Aggregator agg(o);

    Harvest h0{}; // eth0: 10.0.0.1 -> 10.0.0.2, outbound
    h0.flows = {delta(1000, 3, 300, kSec, kSec)};
    h0.counters[NETMON_HOOK_INGRESS][NETMON_CTR_IP_PROTO_BASE + 17] = {3, 300};
    Harvest h1{}; // eth1: 10.0.0.2 -> 10.0.0.1, inbound, and outbound too
    FlowDelta in = delta(2000, 5, 500, kSec, kSec);
    std::swap(in.key.src, in.key.dst);
    h1.flows = {in, delta(3000, 1, 100, kSec, kSec)};
    h1.counters[NETMON_HOOK_INGRESS][NETMON_CTR_IP_PROTO_BASE + 17] = {6, 600};
    agg.add(0, h0);
    agg.add(1, h1);
    Snapshot s = agg.close_interval({2 * kSec, 0, 1.0, 1.0}, Snapshot::Kind::Interval);
    agg.add(1, h1);
    Snapshot s2 = agg.close_interval({3 * kSec, 0, 1.0, 2.0}, Snapshot::Kind::Final);

    auto at = [](const DirectionSections &d, Direction dir) -> const DirectionFigures & {
        return d[static_cast<size_t>(dir)];
    };
    EXPECT_EQ(at(s.interfaces[0].directions, Direction::Outbound).total, (Count{3, 300}));
    EXPECT_EQ(at(s.interfaces[0].directions, Direction::Inbound).total, (Count{}));
    EXPECT_EQ(at(s.interfaces[1].directions, Direction::Inbound).total, (Count{5, 500}));
    EXPECT_EQ(at(s.interfaces[1].directions, Direction::Outbound).total, (Count{1, 100}));
    EXPECT_DOUBLE_EQ(at(s.interfaces[1].directions, Direction::Inbound).interval_rate.bps, 4000);
    // The second interval: only eth1 counted, eth0's interval is empty.
    EXPECT_EQ(at(s2.interfaces[0].directions, Direction::Outbound).interval, (Count{}));
    EXPECT_EQ(at(s2.interfaces[0].directions, Direction::Outbound).total, (Count{3, 300}));
    EXPECT_EQ(at(s2.interfaces[1].directions, Direction::Inbound).total, (Count{10, 1000}));
    for (const Snapshot *snap : {&s, &s2})
        for (size_t d = 0; d < kNumDirections; d++) {
            EXPECT_EQ(snap->interfaces[0].directions[d].total +
                          snap->interfaces[1].directions[d].total,
                      snap->directions[d].total);
            EXPECT_EQ(snap->interfaces[0].directions[d].interval +
                          snap->interfaces[1].directions[d].interval,
                      snap->directions[d].interval);
            EXPECT_EQ(snap->total.directions[d].total, snap->directions[d].total);
        }
}

// The kernel tables' size comes from the loader; their fill from each
// interval's fullest harvest, and it starts again every interval.
TEST(Aggregator, ReportsTheFlowTablesFillPerInterface)
{
    AggregatorOptions o;
    o.interfaces = {"eth0", "eth1"};
    Aggregator agg(o);
    agg.set_flow_tables(0, 4, 1000);
    agg.set_flow_tables(1, 4, 1000);

    Harvest big{};
    big.flows = {delta(1, 1, 60, kSec, kSec), delta(2, 1, 60, kSec, kSec),
                 delta(3, 1, 60, kSec, kSec)};
    big.fullest_table = 2;
    Harvest small{};
    small.flows = {delta(4, 1, 60, kSec, kSec)};
    small.fullest_table = 1;
    agg.add(0, small); // replay harvests several times an interval: the fullest counts
    agg.add(0, big);
    agg.add(0, small);
    Snapshot s = agg.close_interval({2 * kSec, 0, 1.0, 1.0}, Snapshot::Kind::Interval);
    const FlowTableFill &eth0 = s.interfaces[0].flow_table;
    EXPECT_EQ(eth0.tables, 4u);
    EXPECT_EQ(eth0.table_capacity, 1000u);
    EXPECT_EQ(eth0.capacity(), 4000u);
    EXPECT_EQ(eth0.entries, 3u);
    EXPECT_EQ(eth0.fullest_table, 2u);
    EXPECT_DOUBLE_EQ(eth0.fill_ratio(), 0.002);
    EXPECT_EQ(s.interfaces[1].flow_table.entries, 0u);
    EXPECT_EQ(s.interfaces[1].flow_table.capacity(), 4000u);
    // The total: every table of every interface, the fullest of them all.
    EXPECT_EQ(s.total.flow_table.capacity(), 8000u);
    EXPECT_EQ(s.total.flow_table.entries, 3u);
    EXPECT_DOUBLE_EQ(s.total.flow_table.fill_ratio(), 0.002);

    agg.add(1, small);
    Snapshot s2 = agg.close_interval({3 * kSec, 0, 1.0, 2.0}, Snapshot::Kind::Interval);
    EXPECT_EQ(s2.interfaces[0].flow_table.entries, 0u);
    EXPECT_EQ(s2.interfaces[0].flow_table.fullest_table, 0u);
    EXPECT_EQ(s2.interfaces[1].flow_table.entries, 1u);
    EXPECT_DOUBLE_EQ(s2.total.flow_table.fill_ratio(), 0.001);

    // Tables not known yet (before loading): no capacity, no fill.
    EXPECT_DOUBLE_EQ(FlowTableFill{}.fill_ratio(), 0.0);
}
