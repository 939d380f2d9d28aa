// The plain text sink with alerts: each event is one line of its own,
// before the interval block it belongs to (docs/alerts.md).
#include <gtest/gtest.h>

#include <unistd.h>

#include <sstream>
#include <string>
#include <vector>

#include "core/fd.h"
#include "sinks/text_sink.h"
#include "support/text_lines.h"
#include "unit/output/test_view_sample_alerts.h"

using namespace netmon;

namespace {

using test::lines_of;

std::string read_all(int fd)
{
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = read(fd, buf, sizeof(buf))) > 0;)
        out.append(buf, static_cast<size_t>(n));
    return out;
}

} // namespace

TEST(TextSinkAlerts, TextSinkPrintsEachEventBeforeItsIntervalBlock)
{
    int p[2];
    ASSERT_EQ(pipe(p), 0);
    Fd r(p[0]), w(p[1]);
    {
        TextSink sink(w.get(), 5);
        sink.consume_alert(
            test::syn_alert_event(AlertEvent::State::Start, 3000, test::kAlertT0 + 4000000000ull));
        Snapshot s = test::sample_snapshot();
        s.alerts = AlertSection{{test::syn_alert()}, {}};
        sink.consume(std::make_shared<const Snapshot>(s));
        sink.consume_alert(
            test::syn_alert_event(AlertEvent::State::End, 0, test::kAlertT0 + 9000000000ull));
    }
    w.reset();
    const std::vector<std::string> lines = lines_of(read_all(r.get()));
    // Each event folded at 80 columns: three lines.
    ASSERT_GE(lines.size(), 8u);
    EXPECT_EQ(lines[0].rfind("alert start: syn per dst host", 0), 0u) << lines[0];
    EXPECT_EQ(lines[2].rfind("    at ", 0), 0u) << lines[2];
    EXPECT_EQ(lines[4], "ALERTS: 1 active");
    EXPECT_EQ(lines[lines.size() - 3].rfind("alert end: syn per dst host", 0), 0u)
        << lines[lines.size() - 3];
}
