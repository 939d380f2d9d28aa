// Every plain text output fits 80 columns (issue 28): interval blocks, the
// final summary with --all-flows, alert lines, long IPv6 flows, long names
// and filters; a wider width is used only when asked for.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "output/text_alerts.h"
#include "output/text_columns.h"
#include "output/text_view.h"
#include "output/text_wrap.h"
#include "test_view_sample_alerts.h"

using namespace netmon;

namespace {

std::vector<std::string> lines_of(const std::string &text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

size_t widest(const std::string &text)
{
    size_t w = 0;
    for (const std::string &line : lines_of(text))
        w = std::max(w, display_width(line));
    return w;
}

// The sample at its widest: alerts, two full IPv6 endpoints, a long filter,
// an interface name of 15, every host table full, all flows listed.
Snapshot widest_snapshot()
{
    Snapshot s = test::both_directions_snapshot();
    s.kind = Snapshot::Kind::Final;
    s.filter = "tcp and (port 80 or port 443 or port 8080 or port 8443) and not host "
               "192.168.100.200 and not net 2001:db8::/32";
    s.interfaces[0].name = "enp129s0f1np1.1";
    const auto v6a = test::ipv6("2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff");
    const auto v6b = test::ipv6("2001:db8:1111:2222:3333:4444:5555:6666");
    FlowRecord wide = s.top.flows[1];
    wide.key = test::flow_key(NETMON_KIND_IPV6, v6a, v6b, 65535, 65535, 6, 0x86dd);
    wide.total = {4294967295ull, 1099511627775ull};
    wide.rates = {999.9e9, 999.9e9, 999.9e9};
    s.top.flows.push_back(wide);
    s.top.ports = {{6, 443, {900, 1000000}, {1e6, 2e6, 3e6}},
                   {17, 53, {50, 5000}, {9e3, 1e3, 1e2}}};
    s.hosts.sources.overflow = {1234567890, 999999999999};
    s.hosts.destinations.overflow = {1234567890, 999999999999};
    s.flow_list = s.top.flows;
    AlertSection alerts;
    ActiveAlert a = test::syn_alert();
    a.key.addr_kind = NETMON_KIND_IPV6;
    a.key.addr = v6a;
    alerts.active = {a, test::syn_alert()};
    alerts.learning.push_back({"udp share per dst host > 3x baseline for 10s", 41.4});
    s.alerts = alerts;
    s.notices.emplace_back("a notice that is long enough to need more than one line of the eighty "
                           "columns a terminal has, as some notices do");
    return s;
}

} // namespace

TEST(TextWidth, IntervalAndFinalBlocksFitEightyColumns)
{
    for (Snapshot s :
         {test::sample_snapshot(), test::both_directions_snapshot(), widest_snapshot()})
        for (auto kind : {Snapshot::Kind::Interval, Snapshot::Kind::Final}) {
            s.kind = kind;
            const std::string text = render_text(s);
            EXPECT_LE(widest(text), 80u) << text;
        }
}

TEST(TextWidth, NothingIsLostWhenFolded)
{
    const std::string text = render_text(widest_snapshot());
    // The long IPv6 flow breaks after its arrow, both endpoints whole.
    EXPECT_NE(text.find("[2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff]:65535 \u2192\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("  [2001:db8:1111:2222:3333:4444:5555:6666]:65535 tcp"), std::string::npos)
        << text;
    // The interface as long as its column has the numbers on the next line.
    EXPECT_NE(text.find("\nenp129s0f1np1.1\n"), std::string::npos) << text;
    // Exact numbers, never cut.
    EXPECT_NE(text.find(" 4294967295\n"), std::string::npos) << text;
    EXPECT_NE(text.find("1234567890 packets"), std::string::npos) << text;
    EXPECT_NE(text.find("not net 2001:db8::/32"), std::string::npos) << text;
}

TEST(TextWidth, TopPortsAndAllFlowsAreInTheText)
{
    const std::string text = render_text(widest_snapshot());
    EXPECT_NE(text.find("\nTOP PORTS"), std::string::npos) << text;
    EXPECT_NE(text.find("\n443/tcp "), std::string::npos) << text;
    EXPECT_NE(text.find("\n53/udp "), std::string::npos) << text;
    // Every flow of the run, most bytes first: the wide IPv6 flow leads.
    const size_t all = text.find("\nALL FLOWS (5, most bytes first)");
    ASSERT_NE(all, std::string::npos) << text;
    EXPECT_EQ(text.find("[2001:db8:aaaa:", all), text.find('\n', all + 1) + 1) << text;
    Snapshot no_list = widest_snapshot();
    no_list.flow_list.reset();
    EXPECT_EQ(render_text(no_list).find("ALL FLOWS"), std::string::npos);
}

TEST(TextWidth, AWiderTerminalGetsWiderLines)
{
    Snapshot s = widest_snapshot();
    const std::string wide = render_text(s, {.top_n = 10, .width = 160});
    EXPECT_LE(widest(wide), 160u);
    EXPECT_GT(widest(wide), 80u) << wide;
    // The whole IPv6 flow on one line, its numbers beside it.
    EXPECT_NE(wide.find("[2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff]:65535 \u2192 "
                        "[2001:db8:1111:2222:3333:4444:5555:6666]:65535 tcp (eth1)  "),
              std::string::npos)
        << wide;
}

TEST(TextWidth, AlertEventLinesFoldAtTheirFields)
{
    const AlertEventPtr start =
        test::syn_alert_event(AlertEvent::State::Start, 3000, test::kAlertT0 + 4000000000ull);
    const std::string folded = wrap_line(render_alert_event_line(*start));
    const std::vector<std::string> lines = lines_of(folded);
    ASSERT_EQ(lines.size(), 3u) << folded;
    EXPECT_EQ(lines[0], "alert start: syn per dst host pps > 1000 for 2s  [dst host 10.10.10.20]");
    EXPECT_EQ(lines[1], "    pps 3.00 kpps > 1.00 kpps  since 2023-11-14T22:13:22Z");
    EXPECT_EQ(lines[2], "    at 2023-11-14T22:13:24Z");
}

TEST(TextWrap, FoldsAtFieldsThenWordsThenSplitsLongWords)
{
    EXPECT_EQ(wrap_line("short"), "short\n");
    EXPECT_EQ(wrap_line("aaaa bbbb  cccc dddd", 11, "  "), "aaaa bbbb\n  cccc dddd\n");
    EXPECT_EQ(wrap_line("aaaa bbbb cccc", 10, "  "), "aaaa bbbb\n  cccc\n");
    EXPECT_EQ(wrap_line("abcdefghijklmnop", 10, "  "), "abcdefghij\n  klmnop\n");
    // Columns, not bytes: "→" is three bytes and one column.
    EXPECT_EQ(wrap_line("a \u2192 b  c", 8, " "), "a \u2192 b  c\n");
    EXPECT_EQ(wrap_text("fits\nabcd efgh\n", 6, ""), "fits\nabcd\nefgh\n");
}

TEST(TextWidth, ReplayNamesTheCaptureFileNotItsPath)
{
    Snapshot s = test::sample_snapshot();
    s.source = "replay";
    s.interfaces[0].name = "/var/tmp/some/deep/directory/of/captures/monday-morning.pcapng";
    s.interfaces[1].name = "relative/second.pcap";
    s.interfaces[1].gone = false;
    const std::string text = render_text(s);
    EXPECT_EQ(text.find("/var/tmp"), std::string::npos) << text;
    EXPECT_NE(text.find("replay on monday-morning.pcapng, second.pcap"), std::string::npos) << text;
    EXPECT_NE(text.find("\nmonday-morning.pcapng\n"), std::string::npos) << text;
    EXPECT_NE(text.find("\nsecond.pcap "), std::string::npos) << text;
    EXPECT_LE(widest(text), 80u) << text;
}

TEST(TextWidth, TheXdpModeInUseIsInTheHeader)
{
    Snapshot s = test::sample_snapshot();
    s.interfaces[0].xdp_mode = "generic";
    const std::string header = render_text(s).substr(0, render_text(s).find('\n'));
    EXPECT_NE(header.find("attach on eth1 (XDP generic), eth2  "), std::string::npos) << header;
}
