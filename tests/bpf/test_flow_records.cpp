// The reader's copy of a region: its list sorted into table order, then the
// records it names. Pure functions over memory laid out as the kernel's.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "loader/flow_records.h"

using namespace netmon;

namespace {

// A list as the program writes it: distinct buckets in the order the flows
// came, each below the table's size.
std::vector<uint64_t> random_list(size_t n, uint32_t table_buckets, uint32_t seed)
{
    std::vector<uint32_t> all(table_buckets);
    for (uint32_t i = 0; i < table_buckets; i++)
        all[i] = i;
    std::mt19937 rng(seed);
    std::shuffle(all.begin(), all.end(), rng);
    return {all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n)};
}

} // namespace

// Table sizes that need one, two and three 11-bit passes.
TEST(FlowRecords, SortsAListIntoTableOrderAtEverySize)
{
    std::vector<uint32_t> sorted, scratch;
    for (uint32_t table_buckets : {12u, 2048u, 2049u, 98304u, 4194305u}) {
        const size_t n = std::min<size_t>(table_buckets * 2 / 3, 50000);
        std::vector<uint64_t> list = random_list(n, table_buckets, table_buckets);
        ASSERT_TRUE(sort_list(list.data(), n, table_buckets, sorted, scratch));
        std::vector<uint32_t> expected(list.begin(), list.end());
        std::sort(expected.begin(), expected.end());
        EXPECT_EQ(sorted, expected) << table_buckets << " buckets";
    }
    // Buckets past 2^22 sort on their top bits too.
    std::vector<uint64_t> high = {4194304, 5, 4194303, 0};
    ASSERT_TRUE(sort_list(high.data(), high.size(), 4194305, sorted, scratch));
    EXPECT_EQ(sorted, (std::vector<uint32_t>{0, 5, 4194303, 4194304}));
}

TEST(FlowRecords, RefusesAListThatNamesABucketPastTheTable)
{
    std::vector<uint32_t> sorted, scratch;
    std::vector<uint64_t> list = {3, 12, 1};
    EXPECT_FALSE(sort_list(list.data(), list.size(), 12, sorted, scratch));
    EXPECT_TRUE(sort_list(list.data(), 2, 13, sorted, scratch));
    EXPECT_TRUE(sort_list(list.data(), 0, 1, sorted, scratch));
    EXPECT_TRUE(sorted.empty());
}

// Each named record becomes a delta with its key and its unpacked value.
TEST(FlowRecords, CopiesTheNamedRecordsUnpacked)
{
    std::vector<netmon_flow_record> table(8);
    for (uint16_t i = 0; i < 8; i++) {
        table[i].key.sport = i;
        table[i].value.packets_and_flags = (uint64_t{0x12} << NETMON_FLOW_FLAGS_SHIFT) | (i + 1);
        table[i].value.bytes = uint64_t{100} * i;
        table[i].value.ip_bytes = uint64_t{80} * i;
        table[i].value.syn_packets = i % 2;
        table[i].value.first_seen_ns = 1000 + i;
        table[i].value.last_seen_ns = 2000 + i;
    }
    const std::vector<uint32_t> buckets = {1, 4, 7};
    std::vector<FlowDelta> out(3);
    copy_records(table.data(), buckets.data(), buckets.size(), out.data());
    for (size_t i = 0; i < buckets.size(); i++) {
        const uint32_t s = buckets[i];
        EXPECT_EQ(out[i].key.sport, s);
        EXPECT_EQ(out[i].stats.packets, s + 1u);
        EXPECT_EQ(out[i].stats.tcp_flags, 0x12);
        EXPECT_EQ(out[i].stats.bytes, 100u * s);
        EXPECT_EQ(out[i].stats.ip_bytes, 80u * s);
        EXPECT_EQ(out[i].stats.syn_packets, s % 2u);
        EXPECT_EQ(out[i].stats.first_seen_ns, 1000u + s);
        EXPECT_EQ(out[i].stats.last_seen_ns, 2000u + s);
    }
}
