#include "clickhouse/clickhouse_sink.h"

#include <unistd.h>

#include <cstdio>

#include "clickhouse/host_name.h"
#include "core/bounded_file.h"
#include "core/error.h"

namespace netmon::clickhouse {

namespace {

// At exit the hub waits kLiveCloseWait (3 s) for every output: the last
// attempt must end before, so the totals line is always printed.
constexpr std::chrono::milliseconds kFinalFlushTime{2000};
// One insert's answer, normally: a big batch on a busy server takes seconds.
constexpr std::chrono::milliseconds kInsertTimeout{10000};

void say(const std::string &line) { std::fprintf(stderr, "netmon-xdp: %s\n", line.c_str()); }

std::string read_password(const std::string &path)
{
    if (path.empty())
        return "";
    std::string text = read_bounded_file(path, 4096, "--clickhouse-password-file").content;
    text = text.substr(0, text.find('\n'));
    if (!text.empty() && text.back() == '\r')
        text.pop_back();
    return text;
}

std::string host_name_of(const ClickhouseOptions &opts)
{
    if (opts.host_name.empty())
        return system_host_name();
    check_host_name(opts.host_name);
    return opts.host_name;
}

} // namespace

std::string totals_line(const InsertTotals &t)
{
    return "clickhouse.inserted_rows=" + std::to_string(t.inserted_rows) +
           " clickhouse.lost_rows=" + std::to_string(t.lost.rows) +
           " clickhouse.lost_flow_packets=" + std::to_string(t.lost.flow_traffic.packets) +
           " clickhouse.lost_flow_bytes=" + std::to_string(t.lost.flow_traffic.bytes) +
           " clickhouse.lost_interface_packets=" +
           std::to_string(t.lost.interface_traffic.packets) +
           " clickhouse.lost_interface_bytes=" + std::to_string(t.lost.interface_traffic.bytes);
}

ClickhouseSink::ClickhouseSink(const ClickhouseOptions &opts)
    : host_(host_name_of(opts)), url_text_(opts.url),
      client_(parse_server_url(opts.url), opts.user, read_password(opts.password_file)),
      queue_(opts.buffer_rows)
{
}

void ClickhouseSink::consume(const SnapshotPtr &snapshot)
{
    started_ = true;
    queue_.push(flow_rows(*snapshot, host_));
    queue_.push(interface_rows(*snapshot, host_));
    const auto now = Clock::now();
    if (snapshot->kind == Snapshot::Kind::Final) {
        // One last try whatever the pause; what it cannot send is lost.
        flush(now + kFinalFlushTime);
        queue_.drop_all();
        report_totals();
        return;
    }
    if (now >= next_attempt_)
        flush(now + std::chrono::hours(1));
}

void ClickhouseSink::flush(Clock::time_point deadline)
{
    while (!queue_.empty()) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0)
            return;
        const Batch batch = queue_.front_batch(kMaxBatchRows);
        const std::string error = client_.insert(batch, std::min(left, kInsertTimeout));
        if (!error.empty()) {
            report_failure(error);
            return;
        }
        queue_.pop(batch.rows);
        totals_.inserted_rows += batch.rows;
        if (failing_) {
            failing_ = false;
            say("ClickHouse at " + url_text_ + " takes rows again");
        }
        backoff_ = std::chrono::seconds(1);
    }
}

void ClickhouseSink::report_failure(const std::string &why)
{
    // Once per outage, not once per attempt.
    if (!failing_)
        say("ClickHouse at " + url_text_ + ": " + why + "; keeping up to " +
            std::to_string(queue_.capacity()) + " rows and retrying");
    failing_ = true;
    next_attempt_ = Clock::now() + backoff_;
    backoff_ = std::min(backoff_ * 2, kMaxBackoff);
}

void ClickhouseSink::report_totals()
{
    if (reported_)
        return;
    reported_ = true;
    totals_.lost = queue_.lost();
    say(totals_line(totals_));
}

void ClickhouseSink::close()
{
    // A run that stopped before its Final snapshot: what is queued is lost.
    // One that never started (attach refused) has nothing to report: its
    // error stays the one line.
    queue_.drop_all();
    if (started_)
        report_totals();
}

} // namespace netmon::clickhouse
