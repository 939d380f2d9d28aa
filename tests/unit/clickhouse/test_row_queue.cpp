// The bounded queue: batches of one table at a time, the oldest rows given
// up beyond the capacity and every one of them counted with its traffic.
#include <gtest/gtest.h>

#include "clickhouse/row_queue.h"

namespace netmon::clickhouse {
namespace {

Row row(Table t, const std::string &text, uint64_t packets)
{
    return {t, text + "\n", {packets, packets * 100}};
}

TEST(ClickhouseRowQueue, BatchesStopAtTheTableChangeAndTheLimit)
{
    RowQueue q(10);
    q.push({row(Table::Flows, "a", 1), row(Table::Flows, "b", 1), row(Table::Flows, "c", 1)});
    q.push({row(Table::Interfaces, "i", 1)});
    Batch b = q.front_batch(2);
    EXPECT_EQ(b.table, Table::Flows);
    EXPECT_EQ(b.body, "a\nb\n");
    EXPECT_EQ(b.rows, 2u);
    q.pop(b.rows);
    b = q.front_batch(100);
    EXPECT_EQ(b.body, "c\n");
    q.pop(b.rows);
    b = q.front_batch(100);
    EXPECT_EQ(b.table, Table::Interfaces);
    EXPECT_EQ(b.body, "i\n");
    q.pop(b.rows);
    EXPECT_TRUE(q.empty());
    EXPECT_EQ(q.lost().rows, 0u);
}

TEST(ClickhouseRowQueue, OldestRowsBeyondTheCapacityAreLostAndCounted)
{
    RowQueue q(3);
    q.push({row(Table::Flows, "a", 1), row(Table::Interfaces, "b", 2)});
    q.push({row(Table::Flows, "c", 4), row(Table::Flows, "d", 8)});
    EXPECT_EQ(q.size(), 3u);
    EXPECT_EQ(q.lost().rows, 1u);
    EXPECT_EQ(q.lost().flow_traffic, (Count{1, 100}));
    EXPECT_EQ(q.front_batch(10).body, "b\n");
    q.drop_all();
    EXPECT_TRUE(q.empty());
    EXPECT_EQ(q.lost().rows, 4u);
    EXPECT_EQ(q.lost().flow_traffic, (Count{13, 1300}));
    EXPECT_EQ(q.lost().interface_traffic, (Count{2, 200}));
}

} // namespace
} // namespace netmon::clickhouse
