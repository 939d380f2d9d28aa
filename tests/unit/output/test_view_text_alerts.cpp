// Alerts in the plain text view: the active alerts come first, each with its
// value against its threshold; each event is one line of its own
// (docs/alerts.md). The text sink's order is tested in unit/sinks.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "output/text_alerts.h"
#include "output/text_view.h"
#include "support/text_lines.h"
#include "test_view_sample_alerts.h"

using namespace netmon;

namespace {

using test::kAlertT0;
using test::syn_alert;

AlertEventPtr event_of(AlertEvent::State state, double value, uint64_t at_ns)
{
    return test::syn_alert_event(state, value, at_ns);
}

using test::lines_of;

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
    baseline.since_ns = kAlertT0 + 21000000000ull;
    section.active.push_back(baseline);
    section.learning.push_back({"udp share > 3x baseline", 41.4});
    s.alerts = section;

    const std::vector<std::string> lines = lines_of(render_text(s));
    ASSERT_GE(lines.size(), 7u);
    EXPECT_EQ(lines[1], "ALERTS: 2 active");
    // Folded at 80 columns between their fields.
    EXPECT_EQ(lines[2], "  ! syn per dst host pps > 1000 for 2s  [dst host 10.10.10.20]");
    EXPECT_EQ(lines[3], "    pps 3.00 kpps > 1.00 kpps  since 2023-11-14T22:13:22Z");
    EXPECT_EQ(lines[4], "  ! surge  pps 500.0 pps > 300.0 pps (baseline 100.0 pps)");
    EXPECT_EQ(lines[5], "    since 2023-11-14T22:13:41Z");
    EXPECT_EQ(lines[6], "  learning: 'udp share > 3x baseline' (baseline warm-up, 41 s left)");
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
    EXPECT_EQ(render_alert_event_line(
                  *event_of(AlertEvent::State::Start, 3000, kAlertT0 + 4000000000ull)),
              "alert start: syn per dst host pps > 1000 for 2s  [dst host 10.10.10.20]  "
              "pps 3.00 kpps > 1.00 kpps  since 2023-11-14T22:13:22Z  at 2023-11-14T22:13:24Z");
    // An end holds the value that no longer exceeds the threshold.
    EXPECT_EQ(
        render_alert_event_line(*event_of(AlertEvent::State::End, 0, kAlertT0 + 9000000000ull)),
        "alert end: syn per dst host pps > 1000 for 2s  [dst host 10.10.10.20]  "
        "pps 0.00 pps (threshold 1.00 kpps)  since 2023-11-14T22:13:22Z  "
        "at 2023-11-14T22:13:29Z");
}
