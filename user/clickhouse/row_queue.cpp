#include "clickhouse/row_queue.h"

namespace netmon::clickhouse {

void RowQueue::push(std::vector<Row> rows)
{
    for (Row &r : rows)
        rows_.push_back(std::move(r));
    while (rows_.size() > capacity_)
        lose_front();
}

Batch RowQueue::front_batch(size_t max_rows) const
{
    Batch batch;
    if (rows_.empty())
        return batch;
    batch.table = rows_.front().table;
    for (const Row &r : rows_) {
        if (r.table != batch.table || batch.rows == max_rows)
            break;
        batch.body += r.line;
        batch.rows++;
    }
    return batch;
}

void RowQueue::pop(size_t rows)
{
    for (size_t i = 0; i < rows && !rows_.empty(); i++)
        rows_.pop_front();
}

void RowQueue::drop_all()
{
    while (!rows_.empty())
        lose_front();
}

void RowQueue::lose_front()
{
    const Row &r = rows_.front();
    lost_.rows++;
    (r.table == Table::Flows ? lost_.flow_traffic : lost_.interface_traffic) += r.count;
    rows_.pop_front();
}

} // namespace netmon::clickhouse
