// The dashboard at 80x24 and 60x20 (issue 28): both ends of every flow
// shown stay readable, an alert's value is never cut, and below the
// minimum the screen says how much it needs.
#include <gtest/gtest.h>

#include "output/text_columns.h"
#include "tui/dashboard_layout.h"
#include "tui/flow_label_fit.h"
#include "unit/output/test_view_sample_snapshot.h"

using namespace netmon;
using namespace netmon::tui;

namespace {

const char *const kArrow = " \u2192 ";
const char *const kDots = "\u2026";

FlowRecord flow(const std::array<uint8_t, 16> &src, const std::array<uint8_t, 16> &dst,
                uint16_t sport, uint16_t dport, uint8_t kind, uint64_t bytes)
{
    FlowRecord f;
    f.iface = "eth1";
    f.key =
        test::flow_key(kind, src, dst, sport, dport, 6, kind == NETMON_KIND_IPV6 ? 0x86dd : 0x800);
    f.total = {bytes / 100, bytes};
    f.rates = {static_cast<double>(bytes), static_cast<double>(bytes), static_cast<double>(bytes)};
    return f;
}

Snapshot flows_snapshot()
{
    Snapshot s = test::sample_snapshot();
    s.interfaces.pop_back(); // one interface: no name before each flow
    s.top.flows = {
        flow(test::ipv4(10, 99, 0, 2), test::ipv4(10, 99, 0, 1), 58316, 5201, NETMON_KIND_IPV4,
             9e9),
        flow(test::ipv4(192, 168, 100, 200), test::ipv4(172, 16, 254, 253), 65535, 65535,
             NETMON_KIND_IPV4, 8e9),
        flow(test::ipv6("2001:db8:aaaa:bbbb:cccc:dddd:eeee:1"),
             test::ipv6("2001:db8:1111:2222:3333:4444:5555:2"), 40000, 443, NETMON_KIND_IPV6, 7e9),
    };
    return s;
}

std::vector<std::string> flow_list_lines(const Snapshot &s, size_t cols, size_t rows)
{
    ViewState view;
    view.list = ListKind::Flows;
    view.service_names = false;
    std::vector<std::string> out;
    bool in_list = false;
    for (const ScreenLine &l :
         layout_dashboard(s, RateHistory{}, view, ServiceNames{}, cols, rows)) {
        EXPECT_LE(display_width(l.text), cols) << l.text;
        if (in_list && l.text.find(kArrow) != std::string::npos)
            out.push_back(l.text);
        in_list = in_list || l.text.rfind("flow (", 0) == 0;
    }
    return out;
}

} // namespace

TEST(FlowLabelFit, KeepsBothAddressesAndPortsOfAnIpv4Flow)
{
    const std::string label = "10.99.0.2:58316 \u2192 10.99.0.1:5201 tcp";
    EXPECT_EQ(fit_flow_label(label, 60, kArrow, kDots), label);
    // 32 columns: 7 for the arrow and "tcp", 12 and 13 for the ends, each
    // address cut in its own middle, the ports whole.
    EXPECT_EQ(fit_flow_label(label, 32, kArrow, kDots),
              "10.\u2026.2:58316 \u2192 10.9\u20260.1:5201 tcp");
    // A MAC has colons but no port; an interface name leads.
    EXPECT_EQ(
        fit_flow_label("eth1 aa:bb:cc:dd:ee:01 \u2192 ff:ff:ff:ff:ff:ff arp", 36, kArrow, kDots),
        "eth1 aa:bb:\u2026ee:01 \u2192 ff:ff:\u2026ff:ff arp");
    // Too narrow for two ends: the middle goes, as for any name.
    EXPECT_EQ(display_width(fit_flow_label(label, 12, kArrow, kDots)), 12u);
}

TEST(FlowLabelFit, ShortensIpv6AddressesInTheMiddleKeepingThePort)
{
    const std::string label = "[2001:db8:aaaa:bbbb:cccc:dddd:eeee:1]:40000 \u2192 "
                              "[2001:db8:1111:2222:3333:4444:5555:2]:443 tcp";
    const std::string fit = fit_flow_label(label, 50, kArrow, kDots);
    EXPECT_EQ(display_width(fit), 50u) << fit;
    EXPECT_EQ(fit, "[2001:d\u2026eeee:1]:40000 \u2192 [2001:db\u20264:5555:2]:443 tcp");
}

TEST(DashboardNarrow, BothEndsOfEveryFlowAt80x24And60x20)
{
    const Snapshot s = flows_snapshot();
    for (auto [cols, rows] : {std::pair<size_t, size_t>{80, 24}, {60, 20}}) {
        const std::vector<std::string> lines = flow_list_lines(s, cols, rows);
        ASSERT_EQ(lines.size(), 3u) << cols << "x" << rows;
        // Two IPv4 endpoints are whole at both sizes.
        EXPECT_EQ(lines[0].rfind("10.99.0.2:58316 \u2192 10.99.0.1:5201 tcp ", 0), 0u) << lines[0];
        EXPECT_EQ(lines[1].rfind("192.168.100.200:65535 \u2192 172.16.254.253:65535 tcp ", 0), 0u)
            << lines[1];
        // IPv6: each end keeps its first and last groups and its port.
        for (const char *part : {"[2001:", "eeee:1]:40000 \u2192 [2001:", "5555:2]:443 tcp"})
            EXPECT_NE(lines[2].find(part), std::string::npos) << lines[2];
    }
}

TEST(DashboardNarrow, AlertValueLeadsTheLine)
{
    Snapshot s = flows_snapshot();
    s.alerts = AlertSection{};
    ActiveAlert a;
    a.name = "a rule written out in full, long enough to fill the line: syn pps > 10000";
    a.metric = "pps";
    a.value = 12000;
    a.threshold = 10000;
    a.key.kind = AlertKey::Kind::DstHost;
    a.key.addr_kind = NETMON_KIND_IPV4;
    a.key.addr = test::ipv4(10, 99, 0, 1);
    s.alerts->active = {a};
    for (size_t cols : {60, 80}) {
        std::string line;
        for (const ScreenLine &l :
             layout_dashboard(s, RateHistory{}, ViewState{}, ServiceNames{}, cols, 20))
            if (l.text.rfind("ALERTS", 0) == 0)
                line = l.text;
        // At 60 columns the name is what the edge cuts.
        EXPECT_EQ(line.rfind("ALERTS 1 active: 12.0 kpps > 10.0 kpps [dst host 10.99.0.1]", 0), 0u)
            << line;
        EXPECT_EQ(line.size(), cols) << line;
    }
}

TEST(DashboardNarrow, TooSmallSaysWhatItNeeds)
{
    const Snapshot s = flows_snapshot();
    for (auto [cols, rows] : {std::pair<size_t, size_t>{39, 24}, {80, 11}, {20, 5}}) {
        const auto lines =
            layout_dashboard(s, RateHistory{}, ViewState{}, ServiceNames{}, cols, rows);
        ASSERT_FALSE(lines.empty());
        EXPECT_EQ(
            lines[0].text,
            std::string("terminal too small (need 40\u00d712)").substr(0, lines[0].text.size()));
        EXPECT_EQ(lines[0].style, LineStyle::Warning);
        for (const auto &l : lines)
            EXPECT_LE(display_width(l.text), cols);
    }
    EXPECT_EQ(layout_dashboard(s, RateHistory{}, ViewState{}, ServiceNames{}, 40, 12).size(), 12u);
}
