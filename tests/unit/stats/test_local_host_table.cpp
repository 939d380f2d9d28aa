// The per-host harvests added up by address (stats/local_host_table.h):
// interval and since-start counts, the sketches of one interval, and the
// exact counts put into the host top lists.
#include <gtest/gtest.h>

#include "harvest/hll_estimate.h"
#include "stats/local_host_table.h"
#include "unit/netaddr/local_host_layout.h"

namespace netmon {
namespace {

using test::layout_of;
using test::v4;

HostDelta delta(const HostLayout &l, const char *addr, uint64_t rx, uint64_t tx)
{
    HostDelta d;
    d.slot = static_cast<uint32_t>(l.slot_of(NETMON_KIND_IPV4, v4(addr).data()));
    d.counts.received.packets[NETMON_HOST_UDP] = rx;
    d.counts.received.bytes[NETMON_HOST_UDP] = rx * 100;
    d.counts.sent.packets[NETMON_HOST_TCP] = tx;
    d.counts.sent.bytes[NETMON_HOST_TCP] = tx * 60;
    return d;
}

TEST(LocalHostTable, AddsInterfacesAndIntervals)
{
    LocalHostTable t(layout_of({"10.0.0.0/24"}));
    HostHarvest a, b;
    a.hosts = {delta(t.layout(), "10.0.0.5", 10, 1)};
    b.hosts = {delta(t.layout(), "10.0.0.5", 5, 0), delta(t.layout(), "10.0.0.9", 1, 0)};
    b.unheld = {3, 300};
    t.add(a);
    t.add(b); // a second interface, same interval
    auto first = t.close_interval();
    ASSERT_EQ(first->hosts.size(), 2u);
    EXPECT_EQ(first->hosts[0].addr, v4("10.0.0.5")) << "most bytes first";
    EXPECT_EQ(all_classes(first->hosts[0].interval.received), (Count{15, 1500}));
    EXPECT_EQ(all_classes(first->hosts[0].interval.sent), (Count{1, 60}));
    EXPECT_EQ(first->unheld_total, (Count{3, 300}));
    EXPECT_EQ(first->slots, 256u);

    t.add(a);
    auto second = t.close_interval();
    ASSERT_EQ(second->hosts.size(), 2u) << "hosts since start stay listed";
    EXPECT_EQ(all_classes(second->hosts[0].interval.received), (Count{10, 1000}));
    EXPECT_EQ(all_classes(second->hosts[0].total.received), (Count{25, 2500}));
    EXPECT_EQ(all_classes(second->hosts[1].interval.received), Count{}) << "10.0.0.9 was idle";
    EXPECT_EQ(second->hosts[1].sources_estimate, 0.0);
}

TEST(LocalHostTable, SketchesMergeWithinAnIntervalOnly)
{
    LocalHostTable t(layout_of({"10.0.0.0/24"}));
    HostDelta d = delta(t.layout(), "10.0.0.5", 1, 0);
    for (uint64_t i = 0; i < 1000; i++) {
        const uint64_t h = netmon_source_hash(0, i << 32, 7);
        uint8_t &r = d.sources.reg[netmon_hll_index(h)];
        r = std::max(r, netmon_hll_rank(h));
    }
    HostHarvest h;
    h.hosts = {d};
    t.add(h);
    const double estimate = t.close_interval()->hosts[0].sources_estimate;
    EXPECT_NEAR(estimate, 1000, 4 * hll_relative_error() * 1000);
    h.hosts[0].sources = {};
    h.hosts[0].sources.reg[0] = 1;
    t.add(h);
    EXPECT_LT(t.close_interval()->hosts[0].sources_estimate, 2.0) << "a new interval, a new sketch";
}

TEST(LocalHostTable, TopListsTakeTheExactCounts)
{
    LocalHostTable t(layout_of({"10.0.0.0/24"}));
    HostHarvest h;
    h.hosts = {delta(t.layout(), "10.0.0.5", 5000, 7)};
    t.add(h);
    auto section = t.close_interval();
    Snapshot snap;
    HostEntry local;
    local.kind = NETMON_KIND_IPV4;
    local.addr = v4("10.0.0.5");
    local.total = {1024, 102400}; // what the flows held
    HostEntry remote = local;
    remote.addr = v4("192.0.2.1");
    snap.top.destinations = {local, remote};
    snap.top.sources = {local};
    snap.top.local_hosts = {local};
    apply_local_host_counts(snap, *section);
    EXPECT_EQ(snap.top.destinations[0].total, (Count{5000, 500000}));
    EXPECT_EQ(snap.top.destinations[1].total, (Count{1024, 102400})) << "not local: flows";
    EXPECT_EQ(snap.top.sources[0].total, (Count{7, 420}));
    EXPECT_EQ(snap.top.local_hosts[0].received, (Count{5000, 500000}));
    EXPECT_EQ(snap.top.local_hosts[0].sent, (Count{7, 420}));
    EXPECT_EQ(snap.top.local_hosts[0].total, (Count{5007, 500420}));
}

} // namespace
} // namespace netmon
