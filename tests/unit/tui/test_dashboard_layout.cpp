// The dashboard's layout without a terminal: every line fits the window at
// every size, the rates per interface and hook are on top, lists sort by
// the chosen column and follow the filter, and the keys change the view.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "output/text_columns.h"
#include "output/units.h"
#include "tui/dashboard_layout.h"
#include "tui/key_handling.h"
#include "tui/text_fit.h"
#include "unit/output/test_view_sample_snapshot.h"

using namespace netmon;
using namespace netmon::tui;

namespace {

// The sample snapshot counting both hooks, with a port list and an
// interface name longer than the name column.
Snapshot dashboard_snapshot()
{
    Snapshot s = test::sample_snapshot();
    s.direction = "both";
    s.interfaces[0].hooks[NETMON_HOOK_INGRESS].interval_rate = {1000, 8e6};
    s.interfaces[0].hooks[NETMON_HOOK_EGRESS].interval_rate = {500, 2e6};
    s.interfaces[0].hooks[NETMON_HOOK_INGRESS].average_rate = {100, 4e5};
    s.top.ports = {{6, 443, {900, 1000000}, {1e6, 2e6, 3e6}},
                   {17, 53, {50, 5000}, {9e6, 1e3, 1e2}}};
    s.top.local_hosts = {{NETMON_KIND_IPV6,
                          test::ipv6("2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff"),
                          {10, 1000},
                          {1, 2, 3},
                          {},
                          {}}};
    // The longest command name the kernel keeps and a 7-digit pid.
    auto resolver = std::make_shared<ProcessInfo>();
    resolver->id = 1;
    resolver->pid = 4194304;
    resolver->comm = "systemd-resolve";
    auto curl = std::make_shared<ProcessInfo>();
    curl->id = 2;
    curl->pid = 812;
    curl->comm = "curl";
    s.processes = ProcessFigures{};
    s.top.processes = {{resolver, {10, 3000}, {12, 1500000}, {22, 1503000}, {1e3, 2e3, 3e3}},
                       {curl, {900, 60000}, {2000, 3000000}, {2900, 3060000}, {8e6, 4e6, 1e6}}};
    return s;
}

std::string joined(const std::vector<ScreenLine> &lines)
{
    std::string out;
    for (const auto &l : lines)
        out += l.text + "\n";
    return out;
}

struct Size {
    size_t cols, rows;
};

} // namespace

TEST(DashboardLayout, FitsEveryWindowFrom80x24Up)
{
    Snapshot s = dashboard_snapshot();
    RateHistory history;
    history.record(s);
    ServiceNames services;
    for (Size size : {Size{80, 24}, Size{120, 40}, Size{200, 60}, Size{100, 30}}) {
        for (size_t list = 0; list < kNumLists; list++) {
            ViewState view;
            view.list = static_cast<ListKind>(list);
            const auto lines = layout_dashboard(s, history, view, services, size.cols, size.rows);
            EXPECT_EQ(lines.size(), size.rows) << size.cols << "x" << size.rows;
            for (const auto &l : lines)
                EXPECT_LE(display_width(l.text), size.cols) << l.text;
            // The header with the per-interface rates is always the top.
            EXPECT_EQ(lines[2].text.rfind("eth1  rx", 0), 0u) << joined(lines);
            EXPECT_EQ(lines[3].text.rfind("eth1  tx", 0), 0u) << joined(lines);
            EXPECT_NE(lines.back().text.find("q quit"), std::string::npos);
        }
    }
}

TEST(DashboardLayout, ProcessesListNamesEachProgramWithSentAndReceived)
{
    Snapshot s = dashboard_snapshot();
    RateHistory history;
    history.record(s);
    ServiceNames services;
    ViewState view;
    ASSERT_EQ(handle_key(view, 'P'), KeyResult::Changed);
    for (Size size : {Size{80, 24}, Size{60, 20}}) {
        const auto lines = layout_dashboard(s, history, view, services, size.cols, size.rows);
        const std::string screen = joined(lines);
        EXPECT_NE(screen.find("[Procs]"), std::string::npos) << screen;
        // Sorted by the 10 s window: curl (4 Mbit/s) before the resolver.
        const size_t curl =
            screen.find("curl 812 tx " + format_bytes(60000) + " rx " + format_bytes(3000000));
        const size_t resolver = screen.find("systemd-resolve 4194304 tx " + format_bytes(3000) +
                                            " rx " + format_bytes(1500000));
        ASSERT_NE(curl, std::string::npos) << screen;
        ASSERT_NE(resolver, std::string::npos) << screen;
        EXPECT_LT(curl, resolver) << screen;
        for (const auto &l : lines)
            EXPECT_LE(display_width(l.text), size.cols) << l.text;
    }
    view.filter = "resolve";
    const std::vector<ListRow> rows = list_rows(s, view, services);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].total.bytes, 1503000u);

    // Replay and --no-process: no attribution, and the list says why.
    s.processes.reset();
    s.top.processes.clear();
    view.filter.clear();
    const std::string off = joined(layout_dashboard(s, history, view, services, 80, 24));
    EXPECT_NE(off.find("(process attribution is off: attach without --no-process shows it)"),
              std::string::npos)
        << off;
}

TEST(DashboardLayout, HeaderShowsRatesNowPeakAndAverage)
{
    Snapshot s = dashboard_snapshot();
    RateHistory history;
    history.record(s);
    s.interfaces[0].hooks[NETMON_HOOK_INGRESS].interval_rate = {10, 1e6}; // peak stays 8M
    history.record(s);
    ViewState view;
    const auto lines = layout_dashboard(s, history, view, ServiceNames{}, 120, 40);
    const std::string &rx = lines[2].text;
    // now 1.00M bit/s and 10 pps, peak 8.00M and 1.00k pps, average 400k.
    EXPECT_NE(rx.find("1.00M"), std::string::npos) << rx;
    EXPECT_NE(rx.find("8.00M"), std::string::npos) << rx;
    EXPECT_NE(rx.find("400k"), std::string::npos) << rx;
    // Two snapshots: the sparkline's two marks, 8M full height, 1M one step.
    EXPECT_NE(rx.find("\u2588\u2582"), std::string::npos) << rx;
    // Several interfaces: their total gets rows too.
    EXPECT_NE(joined(lines).find("total rx"), std::string::npos);
}

TEST(DashboardLayout, ManyInterfacesLeaveTheListItsRows)
{
    Snapshot s = dashboard_snapshot();
    for (int i = 0; i < 20; i++)
        s.interfaces.push_back(test::section("veth" + std::to_string(i), {}, 1, 1));
    RateHistory history;
    const auto lines = layout_dashboard(s, history, ViewState{}, ServiceNames{}, 80, 24);
    ASSERT_EQ(lines.size(), 24u);
    const std::string text = joined(lines);
    EXPECT_NE(text.find("more interface rows"), std::string::npos) << text;
    EXPECT_NE(text.find("10.0.0.1"), std::string::npos) << text; // the list still shows
}

TEST(DashboardLayout, ListsSortByTheChosenWindowAndFilter)
{
    Snapshot s = dashboard_snapshot();
    ViewState view;
    view.list = ListKind::Ports;
    // Default: the 10 s window, where 443 leads.
    auto rows = list_rows(s, view, ServiceNames{});
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].name, "443/tcp");
    handle_key(view, '1'); // 2 s: 53 leads
    rows = list_rows(s, view, ServiceNames{});
    EXPECT_EQ(rows[0].name, "53/udp");
    handle_key(view, 't'); // total: 443 again
    EXPECT_EQ(list_rows(s, view, ServiceNames{})[0].name, "443/tcp");

    for (unsigned char key : std::string("/udp\n"))
        handle_key(view, key);
    EXPECT_EQ(view.filter, "udp");
    rows = list_rows(s, view, ServiceNames{});
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].name, "53/udp");
}

TEST(DashboardLayout, LongAddressesAreShortenedInTheMiddle)
{
    Snapshot s = dashboard_snapshot();
    ViewState view;
    view.list = ListKind::LocalHosts;
    const auto lines = layout_dashboard(s, RateHistory{}, view, ServiceNames{}, 41, 24);
    const std::string text = joined(lines);
    // 2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff is 38 columns, the name column
    // at 41 columns 30: 15 from the start, the mark, 14 from the end.
    EXPECT_NE(text.find("2001:db8:aaaa:b\u2026dddd:eeee:ffff"), std::string::npos) << text;
}

TEST(DashboardLayout, ServiceNamesComeFromTheServicesFile)
{
    const std::string path = testing::TempDir() + "/services";
    std::ofstream(path) << "# comment\nhttps\t\t443/tcp\t\t\t# http over TLS\nhttps 443/udp\n"
                           "domain\t\t53/udp\nbroken line\n";
    ServiceNames services = ServiceNames::load(path);
    EXPECT_EQ(services.size(), 3u);
    EXPECT_EQ(services.name(6, 443), "https");
    EXPECT_EQ(services.name(17, 53), "domain");
    EXPECT_EQ(services.name(6, 53), "");

    Snapshot s = dashboard_snapshot();
    ViewState view;
    view.list = ListKind::Ports;
    EXPECT_EQ(list_rows(s, view, services)[0].name, "443/tcp");
    handle_key(view, 'n');
    EXPECT_EQ(list_rows(s, view, services)[0].name, "https/tcp");
    view.list = ListKind::Flows;
    // The flow to 10.0.0.2:51234 has no name; the one to port 53 has.
    const auto flows = list_rows(s, view, services);
    bool named = false;
    for (const auto &r : flows)
        named |= r.name.find("[2001:db8::53]:domain") != std::string::npos;
    EXPECT_TRUE(named);
}

TEST(DashboardLayout, FlowsUseAnAsciiArrowOnANonUtf8Terminal)
{
    Snapshot s = dashboard_snapshot();
    ViewState view;
    view.list = ListKind::Flows;
    view.unicode = false;
    const auto flows = list_rows(s, view, ServiceNames{});
    ASSERT_FALSE(flows.empty());
    for (const auto &r : flows) {
        EXPECT_EQ(r.name.find("\u2192"), std::string::npos) << r.name;
        EXPECT_NE(r.name.find(" > "), std::string::npos) << r.name;
    }
}

TEST(DashboardKeys, EachKeyChangesWhatItSays)
{
    ViewState view;
    EXPECT_EQ(view.sort, SortBy::Last10s);
    EXPECT_EQ(handle_key(view, 'q'), KeyResult::Quit);
    EXPECT_EQ(handle_key(view, 'p'), KeyResult::Changed);
    EXPECT_TRUE(view.paused);
    handle_key(view, '3');
    EXPECT_EQ(view.sort, SortBy::Last40s);
    handle_key(view, '2');
    EXPECT_EQ(view.sort, SortBy::Last10s);
    handle_key(view, kKeyTab);
    EXPECT_EQ(view.list, ListKind::Destinations);
    handle_key(view, kKeyLeft);
    handle_key(view, kKeyLeft);
    EXPECT_EQ(view.list, ListKind::Processes); // wraps around
    handle_key(view, 'P');
    EXPECT_EQ(view.list, ListKind::Processes);
    handle_key(view, kKeyTab);
    EXPECT_EQ(view.list, ListKind::Sources);
    handle_key(view, 'b');
    EXPECT_TRUE(view.bytes);
    handle_key(view, '?');
    EXPECT_TRUE(view.help);
    handle_key(view, 'h');
    EXPECT_FALSE(view.help);
    EXPECT_EQ(handle_key(view, 'x'), KeyResult::Ignored);
    // While typing a filter, q is a letter, not quit; Esc clears.
    handle_key(view, '/');
    EXPECT_EQ(handle_key(view, 'q'), KeyResult::Changed);
    EXPECT_EQ(view.filter_draft, "q");
    handle_key(view, kKeyEscape);
    EXPECT_FALSE(view.editing_filter);
    EXPECT_EQ(view.filter, "");
}

TEST(DashboardLayout, HelpAndBytesShowInTheLayout)
{
    Snapshot s = dashboard_snapshot();
    ViewState view;
    handle_key(view, '?');
    std::string text = joined(layout_dashboard(s, RateHistory{}, view, ServiceNames{}, 80, 24));
    EXPECT_NE(text.find("sort by the 2 s, 10 s, 40 s window"), std::string::npos) << text;
    handle_key(view, '?');
    handle_key(view, 'b');
    text = joined(layout_dashboard(s, RateHistory{}, view, ServiceNames{}, 80, 24));
    EXPECT_NE(text.find("now B/s"), std::string::npos) << text;
    EXPECT_NE(text.find("1.00M"), std::string::npos) << text; // 8 Mbit/s = 1 MB/s
}

TEST(TextFit, ShortensCutsAndDrawsWithinTheWidth)
{
    EXPECT_EQ(shorten_middle("abcdefghij", 7, "~"), "abc~hij");
    EXPECT_EQ(shorten_middle("abc", 7, "~"), "abc");
    EXPECT_EQ(cut("a\u2192bc", 2), "a\u2192");
    EXPECT_EQ(fit_right("ab", 4), "  ab");
    EXPECT_EQ(sparkline({0, 1, 2, 4}, 6, false), "_:=#  ");
    EXPECT_EQ(sparkline({1, 2, 3}, 2, false), "+#"); // the last values when narrow
    EXPECT_EQ(bar(5, 10, 4, false), "##  ");
    EXPECT_EQ(bar(0.001, 10, 4, false), "#   "); // anything above 0 shows
}

// The always-visible header: the flow table's fill and overflow, and once
// rules exist, the active alerts with value against threshold.
TEST(DashboardLayout, HeaderShowsFlowTableFillAndAlerts)
{
    Snapshot s = dashboard_snapshot();
    s.total.flow_table = {.tables = 2, .table_capacity = 1000, .entries = 40, .fullest_table = 25};
    RateHistory history;
    history.record(s);
    auto header = [&](size_t cols, size_t rows) {
        const auto lines = layout_dashboard(s, history, ViewState{}, ServiceNames{}, cols, rows);
        std::string out;
        for (const auto &l : lines) {
            EXPECT_LE(display_width(l.text), cols) << l.text;
            if (l.style == LineStyle::Title && !out.empty())
                break; // the tabs: the header ends
            out += l.text + "\n";
        }
        EXPECT_EQ(lines.size(), rows);
        return out;
    };
    // The sample has overflow: it leads the line, with the fill now.
    EXPECT_NE(header(80, 24).find("TABLE FULL (2.5% now): 40 packets overflowed"),
              std::string::npos)
        << header(80, 24);
    s.flows.overflow = {};
    EXPECT_NE(header(80, 24).find("table 2.5% full, no overflow; flows 5 active"),
              std::string::npos)
        << header(80, 24);
    // The userspace table full (--max-active-flows): said as loudly.
    s.flows.refused = {30, 1800};
    EXPECT_NE(header(80, 24).find("FLOWS FULL (5 held): 30 packets of new flows refused"),
              std::string::npos)
        << header(80, 24);
    // Both tables full, as under a flood: each says so, on a line of its own.
    s.flows.overflow = {40, 2400};
    const std::string both = header(80, 24);
    EXPECT_NE(both.find("TABLE FULL (2.5% now): 40 packets overflowed"), std::string::npos) << both;
    EXPECT_NE(both.find("\nFLOWS FULL (5 held): 30 packets of new flows refused"),
              std::string::npos)
        << both;
    // The smallest window the dashboard draws still has room for both.
    const std::string smallest = header(40, 12);
    EXPECT_NE(smallest.find("TABLE FULL"), std::string::npos) << smallest;
    EXPECT_NE(smallest.find("\nFLOWS FULL"), std::string::npos) << smallest;
    s.flows.overflow = {};
    s.flows.refused = {};
    EXPECT_EQ(header(80, 24).find("alerts"), std::string::npos); // no rules, no line

    s.alerts = AlertSection{};
    EXPECT_NE(header(80, 24).find("alerts: none active"), std::string::npos);
    ActiveAlert flood;
    flood.name = "flood";
    flood.metric = "pps";
    flood.value = 12000;
    flood.threshold = 10000;
    ActiveAlert wide = flood;
    wide.name = "wide";
    wide.metric = "sources";
    wide.value = 700;
    wide.threshold = 600;
    ActiveAlert third = wide;
    third.name = "third";
    s.alerts->active = {flood, wide, third};
    const std::string small = header(80, 24);
    EXPECT_NE(small.find("ALERTS 3 active: 12.0 kpps > 10.0 kpps flood"), std::string::npos)
        << small;
    EXPECT_EQ(small.find("wide"), std::string::npos) << small; // one line at 24 rows
    const std::string tall = header(120, 40);
    EXPECT_NE(tall.find("  700 sources > 600 sources wide"), std::string::npos) << tall;
    EXPECT_NE(tall.find("  700 sources > 600 sources third"), std::string::npos) << tall;
    s.alerts->active.push_back(third);
    EXPECT_NE(header(120, 40).find("(+1 more)"), std::string::npos) << header(120, 40);
}
