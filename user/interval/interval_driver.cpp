#include "interval/interval_driver.h"

#include <utility>

namespace netmon {

AggregatorOptions report_aggregation(const ReportOptions &report)
{
    AggregatorOptions a;
    a.filter = report.filter;
    a.interval_s = report.interval_s;
    a.top_n = report.top_n;
    a.flow_timeout_s = report.flow_timeout_s;
    a.max_hosts = report.max_hosts;
    a.max_active_flows = report.max_active_flows;
    a.all_flows = report.all_flows;
    // Alert rules, the IPFIX and the ClickHouse exporters read every flow's change.
    a.flow_detail =
        report.alerts.any() || !report.ipfix.collectors.empty() || report.clickhouse.enabled();
    return a;
}

IntervalDriver::IntervalDriver(AggregatorOptions aggregation, const ReportOptions &report,
                               SinkHub::WhenFull when_full,
                               std::unique_ptr<alerts::AlertEngine> rules)
    : aggregator_(std::move(aggregation)), rules_(std::move(rules)),
      outputs_(make_output_hub(report, when_full))
{
}

void IntervalDriver::harvest(std::span<const Source> sources)
{
    harvest_began_ = std::chrono::steady_clock::now();
    for (const Source &s : sources)
        s.reader->flip();
    for (const Source &s : sources)
        if (s.reader->waits_for_readers()) {
            s.reader->wait_for_readers();
            break;
        }
    for (const Source &s : sources) {
        aggregator_.add(s.iface, s.reader->collect());
        if (s.hosts && hosts_)
            hosts_->add(s.hosts->collect());
    }
}

void IntervalDriver::close(const IntervalEnd &end, Snapshot::Kind kind)
{
    Snapshot snapshot = aggregator_.close_interval(end, kind);
    if (hosts_) {
        snapshot.local_host_counts = hosts_->close_interval();
        apply_local_host_counts(snapshot, *snapshot.local_host_counts);
    }
    if (timed_polls_)
        snapshot.poll_duration_s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - harvest_began_)
                .count();
    publish_interval(*outputs_, rules_.get(), std::move(snapshot));
}

std::optional<int> IntervalDriver::finish(std::chrono::milliseconds close_wait)
{
    outputs_->close(close_wait);
    if (rules_)
        rules_->save_baseline();
    return output_failed();
}

std::optional<int> IntervalDriver::output_failed()
{
    auto failure = outputs_->failure();
    if (!failure)
        return std::nullopt;
    outputs_->close();
    return output_failure_exit(*failure);
}

} // namespace netmon
