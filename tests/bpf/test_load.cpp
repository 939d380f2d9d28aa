#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <string>

#include "core/error.h"
#include "loader/netmon_object.h"

TEST(NetmonObject, LoadsWithRequestedTableSize)
{
    if (geteuid() != 0)
        GTEST_SKIP() << "needs root (CAP_BPF) to load BPF programs";
    auto obj = netmon::NetmonObject::load({.max_flows = 1024});
    EXPECT_GE(obj->xdp_prog_fd(), 0);
    EXPECT_EQ(obj->max_flows(), 1024u);
}

// Every (generation, CPU) has a region of the flow tables: --max-flows
// records and an index of cache-line buckets with 1.25 slots a record (640
// slots: 40 buckets), all in mmapable arrays, and the flip's ARRAY_OF_MAPS
// holds its element.
TEST(NetmonObject, SizesOneRegionPerGenerationAndCpu)
{
    if (geteuid() != 0)
        GTEST_SKIP() << "needs root (CAP_BPF) to load BPF programs";
    auto obj = netmon::NetmonObject::load({.max_flows = 512});
    const int cpus = libbpf_num_possible_cpus();
    ASSERT_GT(cpus, 0);
    EXPECT_EQ(obj->cpus(), static_cast<uint32_t>(cpus));
    EXPECT_EQ(obj->index_buckets(), 40u);
    auto info_of = [](int fd) {
        bpf_map_info info{};
        uint32_t len = sizeof(info);
        EXPECT_EQ(bpf_obj_get_info_by_fd(fd, &info, &len), 0);
        return info;
    };
    const uint32_t regions = NETMON_NUM_BANKS * obj->cpus();
    bpf_map_info records = info_of(obj->flow_records_fd());
    EXPECT_EQ(records.type, BPF_MAP_TYPE_ARRAY);
    EXPECT_EQ(records.value_size, sizeof(netmon_flow_record));
    EXPECT_EQ(records.max_entries, regions * 512u);
    EXPECT_TRUE(records.map_flags & BPF_F_MMAPABLE);
    bpf_map_info index = info_of(obj->flow_index_fd());
    EXPECT_EQ(index.value_size, sizeof(netmon_index_bucket));
    EXPECT_EQ(index.max_entries, regions * 40u);
    EXPECT_TRUE(index.map_flags & BPF_F_MMAPABLE);
    bpf_map_info used = info_of(obj->records_used_fd());
    EXPECT_EQ(used.max_entries, regions);
    EXPECT_TRUE(used.map_flags & BPF_F_MMAPABLE);
    uint32_t key = 0, installed_id = 0;
    ASSERT_EQ(bpf_map_lookup_elem(obj->rcu_wait_fd(), &key, &installed_id), 0);
    EXPECT_EQ(installed_id, info_of(obj->rcu_wait_inner_fd()).id);
}

// The program computes positions in the records in 32 bits: a size past
// that is refused before anything is created.
TEST(NetmonObject, RefusesMoreRecordsThan32BitsAddress)
{
    if (geteuid() != 0)
        GTEST_SKIP() << "needs root (CAP_BPF) to load BPF programs";
    try {
        netmon::NetmonObject::load({.max_flows = UINT32_MAX});
        FAIL() << "a 2^32-flow table loaded";
    } catch (const netmon::Error &e) {
        EXPECT_NE(std::string(e.what()).find("--max-flows 4294967295 is too large"),
                  std::string::npos)
            << e.what();
    }
}

TEST(NetmonObject, DefaultTableSizeSpreadsABudgetOverTheCpus)
{
    const auto cpus = static_cast<uint32_t>(libbpf_num_possible_cpus());
    EXPECT_EQ(netmon::default_max_flows(), std::max(8192u, 131072u / cpus));
}
