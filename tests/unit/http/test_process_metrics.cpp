#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "http/process_metrics.h"

namespace netmon::http {

namespace {

ProcessEntry entry(uint32_t pid, const char *comm, uint64_t sent_bytes, uint64_t received_bytes)
{
    auto info = std::make_shared<ProcessInfo>();
    info->id = pid;
    info->pid = pid;
    info->comm = comm;
    info->cgroup = "/user.slice";
    ProcessEntry e;
    e.process = info;
    e.sent = {sent_bytes / 100, sent_bytes};
    e.received = {received_bytes / 100, received_bytes};
    e.total = e.sent + e.received;
    return e;
}

size_t count_of(const std::string &text, const std::string &what)
{
    size_t n = 0;
    for (size_t at = 0; (at = text.find(what, at)) != std::string::npos; at++)
        n++;
    return n;
}

} // namespace

TEST(ProcessMetrics, SentAndReceivedPerProcess)
{
    Snapshot s;
    s.processes = ProcessFigures{.sockets = 7, .socket_capacity = 32768, .sockets_refused = 2};
    s.top.processes.push_back(entry(42, "iperf3", 5000, 300));
    PrometheusText p;
    process_metrics(p, s);
    const std::string text = p.text();
    EXPECT_NE(text.find("netmon_process_sockets 7\n"), std::string::npos) << text;
    EXPECT_NE(text.find("netmon_process_sockets_refused_total 2\n"), std::string::npos) << text;
    EXPECT_NE(text.find("netmon_process_bytes_total{pid=\"42\",comm=\"iperf3\",cgroup=\"/"
                        "user.slice\",way=\"sent\"} 5000\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("netmon_process_packets_total{pid=\"42\",comm=\"iperf3\",cgroup=\"/"
                        "user.slice\",way=\"received\"} 3\n"),
              std::string::npos)
        << text;
}

TEST(ProcessMetrics, SeriesCappedAndAbsentWithoutAttribution)
{
    Snapshot s;
    PrometheusText off;
    process_metrics(off, s);
    EXPECT_EQ(off.text(), "");
    s.processes = ProcessFigures{};
    for (uint32_t pid = 1; pid <= 500; pid++)
        s.top.processes.push_back(entry(pid, "p", 100, 100));
    PrometheusText p;
    process_metrics(p, s);
    EXPECT_EQ(count_of(p.text(), "netmon_process_bytes_total{"), 2 * kMaxProcessSeries);
}

} // namespace netmon::http
