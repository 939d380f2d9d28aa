// Alerts in the plain text view: the active alerts come first, each with its
// value against its threshold; each event is one line of its own, before
// the interval block it belongs to (docs/alerts.md).
#include <gtest/gtest.h>

#include <unistd.h>

#include <sstream>

#include "core/fd.h"
#include "output/text_alerts.h"
#include "output/text_view.h"
#include "sinks/text_sink.h"
#include "test_view_sample_snapshot.h"

using namespace netmon;

namespace {

// 2023-11-14T22:13:20Z
constexpr uint64_t kT0 = 1700000000ull * 1000000000ull;

ActiveAlert syn_alert()
{
    ActiveAlert a;
    a.rule = "syn per dst host pps > 1000 for 2s";
    a.name = a.rule;
    a.key.kind = AlertKey::Kind::DstHost;
    a.key.addr_kind = NETMON_KIND_IPV4;
    a.key.addr = test::ipv4(10, 10, 10, 20);
    a.metric = "pps";
    a.value = 3000;
    a.threshold = 1000;
    a.since_ns = kT0 + 2000000000ull;
    return a;
}

AlertEventPtr event_of(AlertEvent::State state, double value, uint64_t at_ns)
{
    AlertEvent e;
    e.state = state;
    e.alert = syn_alert();
    e.alert.value = value;
    e.timestamp_ns = at_ns;
    return std::make_shared<const AlertEvent>(e);
}

std::vector<std::string> lines_of(const std::string &text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

std::string read_all(int fd)
{
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = read(fd, buf, sizeof(buf))) > 0;)
        out.append(buf, static_cast<size_t>(n));
    return out;
}

} // namespace

TEST(TextAlerts, ActiveAlertsComeRightAfterTheHeaderWithValueAgainstThreshold)
{
    Snapshot s = test::sample_snapshot();
    AlertSection section;
    section.active.push_back(syn_alert());
    ActiveAlert baseline;
    baseline.rule = "pps > 3x baseline";
    baseline.name = "surge";
    baseline.metric = "pps";
    baseline.value = 500;
    baseline.threshold = 300;
    baseline.baseline = 100;
    baseline.since_ns = kT0 + 21000000000ull;
    section.active.push_back(baseline);
    section.learning.push_back({"udp share > 3x baseline", 41.4});
    s.alerts = section;

    const std::vector<std::string> lines = lines_of(render_text(s));
    ASSERT_GE(lines.size(), 5u);
    EXPECT_EQ(lines[1], "ALERTS: 2 active");
    EXPECT_EQ(lines[2], "  ! syn per dst host pps > 1000 for 2s  [dst host 10.10.10.20]  "
                        "pps 3.00 kpps > 1.00 kpps  since 2023-11-14T22:13:22Z");
    EXPECT_EQ(lines[3], "  ! surge  pps 500.0 pps > 300.0 pps (baseline 100.0 pps)  "
                        "since 2023-11-14T22:13:41Z");
    EXPECT_EQ(lines[4], "  learning: 'udp share > 3x baseline' (baseline warm-up, 41 s left)");
}

TEST(TextAlerts, RulesWithNothingActiveSayNoneAndNoRulesShowNoSection)
{
    Snapshot s = test::sample_snapshot();
    EXPECT_EQ(render_alert_section(s), "");
    s.alerts = AlertSection{};
    EXPECT_EQ(render_alert_section(s), "ALERTS: none active\n");
    EXPECT_EQ(lines_of(render_text(s))[1], "ALERTS: none active");
}

TEST(TextAlerts, EventLinesSayStateKeyValueAndTimes)
{
    EXPECT_EQ(
        render_alert_event_line(*event_of(AlertEvent::State::Start, 3000, kT0 + 4000000000ull)),
        "alert start: syn per dst host pps > 1000 for 2s  [dst host 10.10.10.20]  "
        "pps 3.00 kpps > 1.00 kpps  since 2023-11-14T22:13:22Z  at 2023-11-14T22:13:24Z");
    // An end holds the value that no longer exceeds the threshold.
    EXPECT_EQ(render_alert_event_line(*event_of(AlertEvent::State::End, 0, kT0 + 9000000000ull)),
              "alert end: syn per dst host pps > 1000 for 2s  [dst host 10.10.10.20]  "
              "pps 0.00 pps (threshold 1.00 kpps)  since 2023-11-14T22:13:22Z  "
              "at 2023-11-14T22:13:29Z");
}

TEST(TextAlerts, TextSinkPrintsEachEventBeforeItsIntervalBlock)
{
    int p[2];
    ASSERT_EQ(pipe(p), 0);
    Fd r(p[0]), w(p[1]);
    {
        TextSink sink(w.get(), 5);
        sink.consume_alert(event_of(AlertEvent::State::Start, 3000, kT0 + 4000000000ull));
        Snapshot s = test::sample_snapshot();
        s.alerts = AlertSection{{syn_alert()}, {}};
        sink.consume(std::make_shared<const Snapshot>(s));
        sink.consume_alert(event_of(AlertEvent::State::End, 0, kT0 + 9000000000ull));
    }
    w.reset();
    const std::vector<std::string> lines = lines_of(read_all(r.get()));
    ASSERT_GE(lines.size(), 4u);
    EXPECT_EQ(lines[0].rfind("alert start: syn per dst host", 0), 0u) << lines[0];
    EXPECT_EQ(lines[2], "ALERTS: 1 active");
    EXPECT_EQ(lines.back().rfind("alert end: syn per dst host", 0), 0u) << lines.back();
}
