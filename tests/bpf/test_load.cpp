#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

#include "bpf/netmon_object.h"

TEST(NetmonObject, LoadsWithRequestedTableSize)
{
    if (geteuid() != 0)
        GTEST_SKIP() << "needs root (CAP_BPF) to load BPF programs";
    auto obj = netmon::NetmonObject::load({.max_flows = 1024});
    EXPECT_GE(obj->xdp_prog_fd(), 0);
    EXPECT_EQ(obj->max_flows(), 1024u);
}

// Every (generation, CPU) has its own flow table of --max-flows entries,
// installed where the program looks it up.
TEST(NetmonObject, InstallsOneFlowTablePerGenerationAndCpu)
{
    if (geteuid() != 0)
        GTEST_SKIP() << "needs root (CAP_BPF) to load BPF programs";
    auto obj = netmon::NetmonObject::load({.max_flows = 512});
    const int cpus = libbpf_num_possible_cpus();
    ASSERT_GT(cpus, 0);
    EXPECT_EQ(obj->cpus(), static_cast<uint32_t>(cpus));
    for (uint32_t slot = 0; slot < NETMON_NUM_SLOTS; slot++)
        for (uint32_t cpu = 0; cpu < obj->cpus(); cpu++) {
            bpf_map_info info{};
            uint32_t len = sizeof(info);
            ASSERT_EQ(bpf_obj_get_info_by_fd(obj->flow_table_fd(slot, cpu), &info, &len), 0);
            EXPECT_EQ(info.type, BPF_MAP_TYPE_HASH);
            EXPECT_EQ(info.max_entries, 512u);
            EXPECT_EQ(info.key_size, sizeof(netmon_flow_key));
            EXPECT_EQ(info.value_size, sizeof(netmon_flow_value));
            uint32_t index = slot * obj->cpus() + cpu, installed_id = 0;
            ASSERT_EQ(bpf_map_lookup_elem(obj->flow_tables_fd(), &index, &installed_id), 0);
            EXPECT_EQ(installed_id, info.id) << "slot " << slot << " cpu " << cpu;
        }
}

TEST(NetmonObject, DefaultTableSizeSpreadsABudgetOverTheCpus)
{
    const auto cpus = static_cast<uint32_t>(libbpf_num_possible_cpus());
    EXPECT_EQ(netmon::default_max_flows(), std::max(8192u, 131072u / cpus));
}
