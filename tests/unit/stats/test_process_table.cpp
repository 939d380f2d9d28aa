// Process attribution in the flow table: a process holds exactly the
// traffic of the flows it owns, also when the join finds a flow late.
#include <gtest/gtest.h>

#include <cstring>
#include <map>

#include "stats/flow_table.h"

using namespace netmon;

namespace {

class FakeOwners final : public OwnerLookup {
  public:
    FlowOwner owner_of(const netmon_flow_key &key) const override
    {
        auto it = by_sport_.find(key.sport);
        if (it == by_sport_.end())
            return {};
        return it->second;
    }
    std::map<uint16_t, FlowOwner> by_sport_;
};

FlowDelta delta(uint16_t sport, uint64_t packets, uint64_t bytes)
{
    FlowDelta d{};
    d.key.kind = NETMON_KIND_IPV4;
    d.key.proto = 6;
    d.key.sport = sport;
    d.key.dport = 80;
    d.stats.packets = packets;
    d.stats.bytes = bytes;
    d.stats.first_seen_ns = d.stats.last_seen_ns = 1;
    return d;
}

std::shared_ptr<ProcessInfo> process(uint32_t id, uint32_t pid, const char *comm)
{
    auto p = std::make_shared<ProcessInfo>();
    p->id = id;
    p->pid = pid;
    p->comm = comm;
    return p;
}

} // namespace

TEST(ProcessTable, LateJoinCreditsTheWholeFlowAndSplitsSentReceived)
{
    FlowTable table({"veth0"}, WindowSpec::for_interval(1.0), 10, false);
    FakeOwners owners;
    table.set_owner_lookup(&owners);
    auto curl = process(1, 42, "curl");

    std::vector<FlowDelta> first{delta(1000, 3, 300), delta(2000, 1, 60)};
    table.fold(0, first);
    table.end_interval();
    EXPECT_EQ(table.processes().size(), 0u); // no socket known yet

    owners.by_sport_[1000] = {curl, true};  // curl sent this one
    owners.by_sport_[2000] = {curl, false}; // and received this one
    std::vector<FlowDelta> second{delta(1000, 2, 200), delta(2000, 5, 500)};
    table.fold(0, second);
    table.end_interval();

    auto top = table.processes().top_total(10);
    ASSERT_EQ(top.size(), 1u);
    EXPECT_EQ(top[0].process->pid, 42u);
    EXPECT_EQ(top[0].total.bytes, 300u + 200 + 60 + 500);
    EXPECT_EQ(top[0].total.packets, 3u + 2 + 1 + 5);
    EXPECT_EQ(top[0].sent.bytes, 500u);
    EXPECT_EQ(top[0].received.bytes, 560u);

    // The owner sticks: a later lookup miss does not take the flow away.
    owners.by_sport_.clear();
    std::vector<FlowDelta> third{delta(1000, 1, 100)};
    table.fold(0, third);
    table.end_interval();
    EXPECT_EQ(table.processes().top_total(10)[0].sent.bytes, 600u);
    for (const FlowRecord &f : table.all_flows()) {
        ASSERT_NE(f.process, nullptr);
        EXPECT_EQ(f.process->comm, "curl");
    }
}

TEST(ProcessTable, FullListRefusesAndCountsNewProcesses)
{
    FlowTable table({"veth0"}, WindowSpec::for_interval(1.0), 10, false);
    ProcessTable small(WindowSpec::for_interval(1.0), 1);
    small.add({process(1, 1, "a"), true}, {1, 10});
    small.add({process(2, 2, "b"), true}, {2, 20});
    EXPECT_EQ(small.size(), 1u);
    EXPECT_EQ(small.refused_counts().bytes, 20u);
}

TEST(ProcessTable, NoLookupNoProcesses)
{
    FlowTable table({"veth0"}, WindowSpec::for_interval(1.0), 10, false);
    std::vector<FlowDelta> d{delta(1000, 1, 100)};
    table.fold(0, d);
    EXPECT_FALSE(table.attributes_processes());
    EXPECT_EQ(table.all_flows()[0].process, nullptr);
}
