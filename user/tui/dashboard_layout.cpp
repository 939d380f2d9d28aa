#include "tui/dashboard_layout.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <string_view>

#include "output/address_format.h"
#include "output/alert_json.h"
#include "output/flow_format.h"
#include "output/protocol_names.h"
#include "output/text_alerts.h"
#include "output/text_columns.h"
#include "output/units.h"
#include "tui/flow_label_fit.h"
#include "tui/key_handling.h"
#include "tui/text_fit.h"

namespace netmon::tui {

namespace {

constexpr size_t kRateWidth = 9;   // " 123.4M" and its heading
constexpr size_t kTotalWidth = 11; // " 123.4 MiB"
constexpr size_t kWideFrom = 120;  // columns from which peak and average show pps too
constexpr size_t kMinListRows = 3;
constexpr size_t kListBarFrom = 100;    // columns from which a list row has its bar
constexpr size_t kListNarrowBelow = 80; // columns below which a list shows one number
constexpr size_t kNarrowRateWidth = 7;  // " 123.4M": the rates below kListBarFrom
constexpr size_t kMinCols = 40;         // below these the dashboard says it needs more
constexpr size_t kMinRows = 12;

// "12.3M", "999", "1.20G": three significant digits in at most 6 columns.
std::string compact(double v)
{
    static const char *const kPrefixes[] = {"", "k", "M", "G", "T", "P"};
    size_t p = 0;
    while (std::fabs(v) >= 999.5 && p < 5) {
        v /= 1000;
        p++;
    }
    char buf[32];
    if (p == 0)
        std::snprintf(buf, sizeof buf, "%.0f", v);
    else
        std::snprintf(buf, sizeof buf,
                      v < 9.995   ? "%.2f%s"
                      : v < 99.95 ? "%.1f%s"
                                  : "%.0f%s",
                      v, kPrefixes[p]);
    return buf;
}

// A rate in the unit the view shows: bit/s, or byte/s with `b`.
std::string rate_text(double bps, const ViewState &view)
{
    return compact(view.bytes ? bps / 8 : bps);
}
const char *rate_unit(const ViewState &view) { return view.bytes ? "B/s" : "bit/s"; }

std::string title_line(const Snapshot &s, const ViewState &view)
{
    std::string names;
    for (const TrafficSection &iface : s.interfaces)
        names += (names.empty() ? "" : ",") + iface.name + (iface.gone ? "(gone)" : "") +
                 (iface.xdp_mode.empty() ? "" : " " + iface.xdp_mode);
    char interval[32];
    std::snprintf(interval, sizeof interval, "%.2fs", s.interval_s);
    std::string out = "netmon-xdp  " + s.source + " " + names + "  up " +
                      format_duration(s.elapsed_s) + "  every " + interval;
    if (view.paused)
        out += "  [PAUSED]";
    if (!s.filter.empty())
        out += "  filter: " + s.filter;
    return out;
}

std::vector<size_t> counted_hooks(const Snapshot &s)
{
    if (s.direction == "ingress")
        return {NETMON_HOOK_INGRESS};
    if (s.direction == "egress")
        return {NETMON_HOOK_EGRESS};
    return {NETMON_HOOK_INGRESS, NETMON_HOOK_EGRESS};
}

struct RateColumns {
    size_t name;
    bool wide;
    size_t spark; // 0: no sparkline
};

RateColumns rate_columns(const Snapshot &s, size_t cols)
{
    size_t name = 5;
    for (const TrafficSection &iface : s.interfaces)
        name = std::max(name, display_width(iface.name));
    name = std::min<size_t>(name, 15);
    const bool wide = cols >= kWideFrom;
    const size_t fixed = name + 3 + kRateWidth * (wide ? 6 : 4) + 2;
    const size_t spark = cols > fixed + 4 ? cols - fixed : 0;
    return {name, wide, spark};
}

std::string rate_heading(const RateColumns &c, const ViewState &view)
{
    std::string unit = rate_unit(view);
    std::string out = fit_left("iface", c.name) + "   " + fit_right("now " + unit, kRateWidth + 1) +
                      fit_right("pps", kRateWidth - 1) + fit_right("peak", kRateWidth);
    if (c.wide)
        out += fit_right("peak pps", kRateWidth);
    out += fit_right("avg", kRateWidth);
    if (c.wide)
        out += fit_right("avg pps", kRateWidth);
    if (c.spark)
        out += "  last 60 s";
    return out;
}

std::string rate_row(const std::string &name, size_t hook, const HookSection &h,
                     const RateTrack &track, const RateColumns &c, const ViewState &view)
{
    std::string out =
        fit_left(shorten_middle(name, c.name, view.unicode ? "\u2026" : "~"), c.name) +
        (hook == NETMON_HOOK_INGRESS ? " rx" : " tx") +
        fit_right(rate_text(h.interval_rate.bps, view), kRateWidth) +
        fit_right(compact(h.interval_rate.pps), kRateWidth) +
        fit_right(rate_text(track.peak.bps, view), kRateWidth);
    if (c.wide)
        out += fit_right(compact(track.peak.pps), kRateWidth);
    out += fit_right(rate_text(h.average_rate.bps, view), kRateWidth);
    if (c.wide)
        out += fit_right(compact(h.average_rate.pps), kRateWidth);
    if (c.spark)
        out += "  " + sparkline(std::vector<double>(track.bps.begin(), track.bps.end()),
                                c.spark - 2, view.unicode);
    return out;
}

// "TCP 80.1% UDP 15.0% ..." then a bar with one mark per class.
std::string mix_line(const Snapshot &s, size_t cols, const ViewState &view)
{
    const ClassCounts &c = s.total.classes;
    const Count non_ip = c[NETMON_CTR_ARP] + c[NETMON_CTR_OTHER_L2];
    const Count icmp = c[kProtoIcmp] + c[kProtoIcmpv6];
    const uint64_t all = s.total.total.bytes;
    const uint64_t other =
        all - c[kProtoTcp].bytes - c[kProtoUdp].bytes - icmp.bytes - non_ip.bytes;
    struct Part {
        const char *name;
        uint64_t bytes;
        const char *mark_unicode;
        char mark_ascii;
    };
    const Part parts[] = {{"TCP", c[kProtoTcp].bytes, "\u2588", 'T'},
                          {"UDP", c[kProtoUdp].bytes, "\u2593", 'U'},
                          {"ICMP", icmp.bytes, "\u2592", 'I'},
                          {"other", other, "\u2591", 'o'},
                          {"non-IP", non_ip.bytes, "\u00b7", 'n'}};
    std::string out = "mix";
    for (const Part &p : parts)
        if (p.bytes)
            out += std::string(" ") + p.name + " " + format_percent(p.bytes, all);
    if (all == 0)
        out += " (nothing counted yet)";
    out += "  ";
    const size_t used = display_width(out);
    if (all == 0 || cols < used + 10)
        return out;
    const size_t width = cols - used;
    std::string bar_text;
    size_t drawn = 0;
    uint64_t running = 0;
    for (const Part &p : parts) {
        running += p.bytes;
        // Cumulative rounding: the marks always add up to the width.
        const size_t upto =
            static_cast<size_t>(std::llround(static_cast<double>(running) / all * width));
        for (; drawn < upto; drawn++)
            bar_text += view.unicode ? std::string(p.mark_unicode) : std::string(1, p.mark_ascii);
    }
    return out + bar_text;
}

// Fill and overflow first: a narrow window cuts the end of the line. Under
// a flood both tables can be full: the kernel's overflow leads, and the
// userspace table's refusals follow on a line of their own.
std::vector<ScreenLine> flow_lines(const Snapshot &s)
{
    const FlowFigures &f = s.flows;
    const FlowTableFill &fill = s.total.flow_table;
    const std::string percent = format_percent(fill.fullest_table, fill.table_capacity);
    const std::string flows = "flows " + std::to_string(f.active) + " active (" +
                              format_bytes(f.active_counts.bytes) + "), " +
                              std::to_string(f.aged_out) + " aged out";
    const std::string refused = "FLOWS FULL (" + std::to_string(f.active) +
                                " held): " + std::to_string(f.refused.packets) +
                                " packets of new flows refused, raise --max-active-flows";
    if (f.overflow.packets > 0) {
        std::vector<ScreenLine> out{{"TABLE FULL (" + percent +
                                         " now): " + std::to_string(f.overflow.packets) +
                                         " packets overflowed, raise --max-flows; " + flows,
                                     LineStyle::Warning}};
        if (f.refused.packets > 0)
            out.push_back({refused, LineStyle::Warning});
        return out;
    }
    if (f.refused.packets > 0)
        return {{refused + "; " + flows, LineStyle::Warning}};
    return {{"table " + percent + " full, no overflow; " + flows, LineStyle::Normal}};
}

// "ALERTS 2 active: 12.0 kpps > 10.0 kpps [key] name": the most important
// first (the engine orders them by value over threshold). Value and key
// lead, so a narrow window cuts the name (the rule as written unless the
// user named it), never the value.
std::string alert_text(const ActiveAlert &a)
{
    const std::string key = alert_key_text(a.key);
    return format_alert_value(a.metric, a.value) + " > " +
           format_alert_value(a.metric, a.threshold) + (key.empty() ? "" : " [" + key + "]") + " " +
           a.name;
}

// One line, and one more per further alert that `extra` allows.
std::vector<ScreenLine> alert_lines(const AlertSection &a, size_t extra)
{
    if (a.active.empty()) {
        std::string text = "alerts: none active";
        if (!a.learning.empty())
            text += ", " + std::to_string(a.learning.size()) + " learning a baseline";
        return {{text, LineStyle::Normal}};
    }
    std::vector<ScreenLine> out;
    out.push_back(
        {"ALERTS " + std::to_string(a.active.size()) + " active: " + alert_text(a.active.front()),
         LineStyle::Warning});
    const size_t more = std::min(a.active.size() - 1, extra);
    for (size_t i = 1; i <= more; i++)
        out.push_back({"  " + alert_text(a.active[i]), LineStyle::Warning});
    if (more + 1 < a.active.size())
        out.back().text += "  (+" + std::to_string(a.active.size() - more - 1) + " more)";
    return out;
}

std::string tabs_line(const ViewState &view, size_t cols)
{
    static const char *const kSort[] = {"2s", "10s", "40s", "total"};
    // Short titles below 100 columns leave room for the sort and filter.
    static const char *const kShort[] = {"Src",   "Dst",    "Flows", "Ports",
                                         "Local", "Remote", "Procs"};
    std::string out;
    for (size_t i = 0; i < kNumLists; i++) {
        const bool current = static_cast<size_t>(view.list) == i;
        const std::string title = cols < 100 ? kShort[i] : kListTitles[i];
        out += current ? "[" + title + "]" : " " + title + " ";
    }
    out += "  sort " + std::string(kSort[static_cast<size_t>(view.sort)]);
    if (!view.filter.empty())
        out += "  /" + view.filter;
    return out;
}

std::string lower(std::string text)
{
    for (char &ch : text)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return text;
}

std::string port_name(uint8_t proto, uint16_t port, const ViewState &view,
                      const ServiceNames &services)
{
    const std::string number = std::to_string(port);
    const std::string name = view.service_names ? services.name(proto, port) : std::string();
    return name.empty() ? number : name;
}

// Copies into a new string rather than replacing in place: GCC 12 at -O3
// warns (-Wrestrict, a false positive) on std::string::replace here.
std::string replace_all(std::string_view text, std::string_view from, std::string_view to)
{
    std::string out;
    out.reserve(text.size());
    for (size_t at = 0;;) {
        const size_t next = text.find(from, at);
        out += text.substr(at, next - at);
        if (next == std::string_view::npos)
            return out;
        out += to;
        at = next + from.size();
    }
}

std::string flow_name(const FlowRecord &f, bool several_ifaces, const ViewState &view,
                      const ServiceNames &services)
{
    const netmon_flow_key &k = f.key;
    std::string text;
    const bool named = view.service_names && k.kind != NETMON_KIND_L2 &&
                       ip_protocol_has_ports(k.proto) && (k.sport || k.dport);
    if (named) {
        std::string dst = format_endpoint(k.kind, k.dst, 0);
        dst = dst.substr(0, dst.rfind(':')) + ":" + port_name(k.proto, k.dport, view, services);
        text = format_endpoint(k.kind, k.src, k.sport) + " \u2192 " + dst + " " +
               ip_protocol_label(k.proto);
    } else {
        text = format_flow(k);
    }
    if (!view.unicode)
        text = replace_all(text, "\u2192", ">");
    return several_ifaces ? f.iface + " " + text : text;
}

// "curl 4242 tx 30.0 KiB rx 1.20 MiB": the program, then what its sockets
// sent and received (the total column is their sum), so an upload and a
// download of equal totals stay apart. tx and rx as in the rate rows; at
// most 47 columns (a 15-byte name, a 7-digit pid), whole at 80 and 60.
std::string process_name(const ProcessEntry &p)
{
    return p.process->comm + " " + std::to_string(p.process->pid) + " tx " +
           format_bytes(p.sent.bytes) + " rx " + format_bytes(p.received.bytes);
}

double sort_key(const ListRow &r, SortBy by)
{
    switch (by) {
    case SortBy::Last2s:
        return r.rates.last_2s;
    case SortBy::Last10s:
        return r.rates.last_10s;
    case SortBy::Last40s:
        return r.rates.last_40s;
    case SortBy::Total:
        break;
    }
    return static_cast<double>(r.total.bytes);
}

double window_rate(const WindowRates &r, SortBy window)
{
    return window == SortBy::Last2s    ? r.last_2s
           : window == SortBy::Last10s ? r.last_10s
                                       : r.last_40s;
}

// The list's columns: the name gets what the numbers leave, so that two
// IPv4 endpoints with ports (48 columns) stay whole at 80 and at 60
// columns. Below 100 columns the bar goes and the rates narrow; below 80
// only the sorted column stays.
struct ListColumns {
    size_t name = 0;
    std::vector<SortBy> windows;
    size_t rate = kRateWidth;
    bool total = true;
    size_t bar = 0;
};

ListColumns list_columns(const ViewState &view, size_t cols)
{
    ListColumns c;
    if (cols >= kListNarrowBelow) {
        c.windows = {SortBy::Last2s, SortBy::Last10s, SortBy::Last40s};
        c.rate = cols >= kListBarFrom ? kRateWidth : kNarrowRateWidth;
    } else if (view.sort != SortBy::Total) {
        c.windows = {view.sort};
        c.rate = kTotalWidth;
        c.total = false;
    }
    c.bar = cols >= kListBarFrom ? std::max<size_t>(6, cols / 8) : 0;
    const size_t fixed =
        c.windows.size() * c.rate + (c.total ? kTotalWidth : 0) + (c.bar ? c.bar + 2 : 0);
    c.name = cols > fixed + 8 ? cols - fixed : 8;
    return c;
}

std::vector<ScreenLine> list_lines(const Snapshot &s, const ViewState &view,
                                   const ServiceNames &services, size_t cols, size_t rows)
{
    std::vector<ScreenLine> out;
    if (rows == 0)
        return out;
    if (view.help) {
        out.push_back({"keys (? or h closes)", LineStyle::Heading});
        for (size_t i = 0; kKeyHelp[i] && out.size() < rows; i++)
            out.push_back({cut(kKeyHelp[i], cols)});
        return out;
    }
    const ListColumns c = list_columns(view, cols);
    static const char *const kNameTitle[] = {"source",     "destination", "flow",   "port",
                                             "local host", "remote host", "process"};
    auto mark = [&](SortBy by, const char *title) {
        return std::string(view.sort == by ? "*" : "") + title;
    };
    static const char *const kWindowTitle[] = {"2s", "10s", "40s"};
    std::string heading = fit_left(std::string(kNameTitle[static_cast<size_t>(view.list)]) + " (" +
                                       rate_unit(view) + ")",
                                   c.name);
    for (SortBy w : c.windows)
        heading += fit_right(mark(w, kWindowTitle[static_cast<size_t>(w)]), c.rate);
    if (c.total)
        heading += fit_right(mark(SortBy::Total, "total"), kTotalWidth);
    out.push_back({cut(heading, cols), LineStyle::Heading});
    const std::vector<ListRow> all = list_rows(s, view, services);
    if (all.empty()) {
        // Attribution exists only in attach without --no-process.
        const bool no_processes = view.list == ListKind::Processes && !s.processes;
        out.push_back({cut(no_processes          ? "(process attribution is off: attach without "
                                                   "--no-process shows it)"
                           : view.filter.empty() ? "(nothing in this list yet)"
                                                 : "(nothing matches /" + view.filter + ")",
                           cols)});
        return out;
    }
    const double max = sort_key(all.front(), view.sort);
    const std::string ellipsis = view.unicode ? "\u2026" : "~";
    const std::string arrow = view.unicode ? " \u2192 " : " > ";
    for (const ListRow &r : all) {
        if (out.size() >= rows)
            break;
        // Flows keep both ends readable; hosts and ports lose their middle.
        std::string line = fit_left(fit_flow_label(r.name, c.name, arrow, ellipsis), c.name);
        for (SortBy w : c.windows)
            line += fit_right(rate_text(window_rate(r.rates, w), view), c.rate);
        if (c.total)
            line += fit_right(format_bytes(r.total.bytes), kTotalWidth);
        if (c.bar)
            line += "  " + bar(sort_key(r, view.sort), max, c.bar, view.unicode);
        out.push_back({cut(line, cols)});
    }
    return out;
}

std::string key_line(const ViewState &view)
{
    if (view.editing_filter)
        return "filter: " + view.filter_draft + "_   Enter apply  Esc clear";
    return "q quit  p pause  1 2 3 t sort  Tab P list  b bit/byte  n names  / filter  ? help";
}

} // namespace

std::vector<ListRow> list_rows(const Snapshot &s, const ViewState &view,
                               const ServiceNames &services)
{
    std::vector<ListRow> rows;
    auto hosts = [&](const std::vector<HostEntry> &list) {
        for (const HostEntry &h : list)
            rows.push_back({format_address(h.kind, h.addr), h.rates, h.total});
    };
    switch (view.list) {
    case ListKind::Sources:
        hosts(s.top.sources);
        break;
    case ListKind::Destinations:
        hosts(s.top.destinations);
        break;
    case ListKind::LocalHosts:
        hosts(s.top.local_hosts);
        break;
    case ListKind::RemoteHosts:
        hosts(s.top.remote_hosts);
        break;
    case ListKind::Flows:
        for (const FlowRecord &f : s.top.flows)
            rows.push_back(
                {flow_name(f, s.interfaces.size() > 1, view, services), f.rates, f.total});
        break;
    case ListKind::Ports:
        for (const PortEntry &p : s.top.ports)
            rows.push_back(
                {port_name(p.proto, p.port, view, services) + "/" + ip_protocol_label(p.proto),
                 p.rates, p.total});
        break;
    case ListKind::Processes:
        for (const ProcessEntry &p : s.top.processes)
            rows.push_back({process_name(p), p.rates, p.total});
        break;
    }
    if (!view.filter.empty()) {
        const std::string needle = lower(view.filter);
        std::erase_if(rows, [&](const ListRow &r) {
            return lower(r.name).find(needle) == std::string::npos;
        });
    }
    std::stable_sort(rows.begin(), rows.end(), [&](const ListRow &a, const ListRow &b) {
        return sort_key(a, view.sort) > sort_key(b, view.sort);
    });
    return rows;
}

std::vector<ScreenLine> layout_dashboard(const Snapshot &s, const RateHistory &history,
                                         const ViewState &view, const ServiceNames &services,
                                         size_t cols, size_t rows)
{
    std::vector<ScreenLine> out;
    auto add = [&](const std::string &text, LineStyle style = LineStyle::Normal) {
        if (out.size() < rows)
            out.push_back({cut(text, cols), style});
    };
    if (cols < kMinCols || rows < kMinRows) {
        // Say so rather than show a layout that cannot be read; q still quits.
        add("terminal too small (need " + std::to_string(kMinCols) +
                (view.unicode ? "\u00d7" : "x") + std::to_string(kMinRows) + ")",
            LineStyle::Warning);
        add("q quit");
        return out;
    }
    add(title_line(s, view), LineStyle::Title);

    // Per interface (and the total of several) and hook: what an iftop or
    // bmon user looks at first. Capped so the list keeps a few rows.
    const RateColumns columns = rate_columns(s, cols);
    struct RateRow {
        std::string name;
        size_t section, hook;
    };
    std::vector<RateRow> rate_rows;
    for (size_t i = 0; i <= s.interfaces.size(); i++) {
        if (i == s.interfaces.size() && s.interfaces.size() < 2)
            break;
        for (size_t hook : counted_hooks(s))
            rate_rows.push_back(
                {i < s.interfaces.size() ? s.interfaces[i].name : "total", i, hook});
    }
    // title, rate heading, mix, flows, [alerts,] tabs, list heading, keys
    const size_t fixed_lines = s.alerts ? 8 : 7;
    const size_t room = rows > fixed_lines + kMinListRows ? rows - fixed_lines - kMinListRows : 1;
    add(rate_heading(columns, view), LineStyle::Heading);
    const bool cut_rates = rate_rows.size() > room;
    const size_t shown = cut_rates ? (room > 1 ? room - 1 : 0) : rate_rows.size();
    for (size_t r = 0; r < shown; r++) {
        const RateRow &row = rate_rows[r];
        const TrafficSection &section =
            row.section < s.interfaces.size() ? s.interfaces[row.section] : s.total;
        add(rate_row(row.name, row.hook, section.hooks[row.hook],
                     history.track(row.section, row.hook), columns, view));
    }
    if (cut_rates)
        add("... " + std::to_string(rate_rows.size() - shown) +
            " more interface rows (taller window shows them)");

    add(mix_line(s, cols, view));
    // The first flow line always; a second (refusals beside overflow) only
    // where the list keeps its rows, as the notices below.
    const std::vector<ScreenLine> flows = flow_lines(s);
    add(flows.front().text, flows.front().style);
    for (size_t i = 1; i < flows.size(); i++)
        if (out.size() + 4 < rows)
            add(flows[i].text, flows[i].style);
    if (s.alerts) {
        // Further alerts take rows only where the list keeps plenty.
        const size_t extra = rows >= 40 ? 2 : 0;
        for (ScreenLine &line : alert_lines(*s.alerts, extra))
            add(line.text, line.style);
    }
    for (const std::string &notice : s.notices)
        if (out.size() + 4 < rows)
            add("notice: " + notice, LineStyle::Warning);
    add(tabs_line(view, cols), LineStyle::Title);

    const size_t list_room = rows > out.size() + 1 ? rows - out.size() - 1 : 0;
    for (ScreenLine &line : list_lines(s, view, services, cols, list_room))
        add(line.text, line.style);
    while (out.size() + 1 < rows)
        out.push_back({});
    add(key_line(view), LineStyle::Heading);
    return out;
}

} // namespace netmon::tui
