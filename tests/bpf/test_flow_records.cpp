// The reader's copy of a region: records in arrival order, and the index
// slots they name cleared. Pure functions over memory laid out as the
// kernel's.
#include <gtest/gtest.h>

#include <vector>

#include "loader/flow_records.h"

using namespace netmon;

namespace {

// A region as the program leaves it: `n` records, record i named by slot
// slots[i] of a 4-bucket index whose slots hold number + 1 under a
// fingerprint above record_bits.
struct Region {
    static constexpr uint32_t kBuckets = 4;
    static constexpr uint32_t kRecordBits = 4; // max_flows 8..15
    std::vector<netmon_flow_record> records;
    std::vector<netmon_index_bucket> index = std::vector<netmon_index_bucket>(kBuckets);

    explicit Region(const std::vector<uint32_t> &slots) : records(slots.size())
    {
        for (uint32_t i = 0; i < slots.size(); i++) {
            netmon_flow_record &r = records[i];
            r.key.sport = static_cast<uint16_t>(i);
            r.slot = slots[i];
            r.value.packets_and_flags = (uint64_t{0x12} << NETMON_FLOW_FLAGS_SHIFT) | (i + 1);
            r.value.bytes = uint64_t{100} * i;
            r.value.ip_bytes = uint64_t{80} * i;
            r.value.syn_packets = i % 2;
            r.value.first_seen_ns = 1000 + i;
            r.value.last_seen_ns = 2000 + i;
            slot_of(slots[i]) = (i + 1) | (0xabcd0u << kRecordBits);
        }
    }
    uint32_t &slot_of(uint32_t slot)
    {
        return index[slot / NETMON_INDEX_SLOTS].slot[slot % NETMON_INDEX_SLOTS];
    }
    RegionIndex region_index() { return {index.data(), kBuckets, kRecordBits}; }
    bool index_empty() const
    {
        for (const netmon_index_bucket &b : index)
            for (uint32_t s : b.slot)
                if (s)
                    return false;
        return true;
    }
};

} // namespace

// Each record becomes a delta with its key and its unpacked value, in
// record order, and the index is empty afterwards, however the slots lay.
TEST(FlowRecords, CopiesRecordsInOrderAndEmptiesTheirSlots)
{
    Region region({17, 0, 63, 18, 5});
    std::vector<FlowDelta> out(5);
    ASSERT_TRUE(drain_records(region.records.data(), 0, 5, region.region_index(), out.data()));
    for (uint32_t i = 0; i < 5; i++) {
        EXPECT_EQ(out[i].key.sport, i);
        EXPECT_EQ(out[i].stats.packets, i + 1u);
        EXPECT_EQ(out[i].stats.tcp_flags, 0x12);
        EXPECT_EQ(out[i].stats.bytes, 100u * i);
        EXPECT_EQ(out[i].stats.ip_bytes, 80u * i);
        EXPECT_EQ(out[i].stats.syn_packets, i % 2u);
        EXPECT_EQ(out[i].stats.first_seen_ns, 1000u + i);
        EXPECT_EQ(out[i].stats.last_seen_ns, 2000u + i);
    }
    EXPECT_TRUE(region.index_empty());
}

// A piece from the middle of a region: its records' numbers start at
// `first`, and only their slots are cleared.
TEST(FlowRecords, DrainsAPieceOfARegion)
{
    Region region({3, 9, 40, 41});
    std::vector<FlowDelta> out(2);
    ASSERT_TRUE(drain_records(region.records.data(), 2, 2, region.region_index(), out.data()));
    EXPECT_EQ(out[0].key.sport, 2);
    EXPECT_EQ(out[1].key.sport, 3);
    EXPECT_EQ(region.slot_of(40), 0u);
    EXPECT_EQ(region.slot_of(41), 0u);
    EXPECT_NE(region.slot_of(3), 0u);
    EXPECT_NE(region.slot_of(9), 0u);
}

// A record naming a slot past the index, or a slot that names another
// record, is refused, and that slot is left alone.
TEST(FlowRecords, RefusesASlotThatDoesNotNameTheRecord)
{
    std::vector<FlowDelta> out(2);
    Region past({1, 0});
    past.records[1].slot = Region::kBuckets * NETMON_INDEX_SLOTS;
    EXPECT_FALSE(drain_records(past.records.data(), 0, 2, past.region_index(), out.data()));

    Region other({1, 2});
    other.records[1].slot = 1; // record 0's slot
    EXPECT_FALSE(drain_records(other.records.data(), 1, 1, other.region_index(), out.data()));
    EXPECT_NE(other.slot_of(1), 0u) << "record 0's slot must stay";
}
