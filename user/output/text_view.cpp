#include "output/text_view.h"

#include <cstdio>

#include "output/text_alerts.h"
#include "output/text_columns.h"
#include "output/text_directions.h"
#include "output/text_protocols.h"
#include "output/text_top.h"
#include "output/text_wrap.h"
#include "output/units.h"

namespace netmon {
namespace {

// Six number columns of 70 and the name in the rest: 80 columns. Each
// column fits its widest value ("999.9 kpps", "999.9 Mbit/s", "1023.9 MiB")
// and a space; a longer name gets a line of its own.
constexpr size_t kPacketsWidth = 11;
constexpr size_t kBytesWidth = 11;
constexpr size_t kPpsWidth = 11;
constexpr size_t kBpsWidth = 13;
constexpr size_t kNumbersWidth = kPacketsWidth + kBytesWidth + 2 * (kPpsWidth + kBpsWidth);
constexpr size_t kMinNameWidth = 10;

size_t name_width(const TextOptions &options)
{
    return options.width > kNumbersWidth + kMinNameWidth ? options.width - kNumbersWidth
                                                         : kMinNameWidth;
}

bool is_final(const Snapshot &s) { return s.kind == Snapshot::Kind::Final; }

// Replay's "interfaces" are the capture files: the file's name says which,
// its directory only takes the columns.
std::string shown_name(const Snapshot &s, const std::string &name)
{
    return s.source == "replay" ? name.substr(name.rfind('/') + 1) : name;
}

std::string interface_names(const Snapshot &s)
{
    std::string names;
    for (const TrafficSection &iface : s.interfaces)
        names += (names.empty() ? "" : ", ") + shown_name(s, iface.name) +
                 (iface.xdp_mode.empty() ? "" : " (XDP " + iface.xdp_mode + ")");
    return names.empty() ? "-" : names;
}

std::string header_line(const Snapshot &s)
{
    std::string out = is_final(s) ? "netmon-xdp final summary  " : "netmon-xdp  ";
    out += s.source + " on " + interface_names(s);
    if (is_final(s)) {
        out += "  duration " + format_duration(s.elapsed_s);
    } else {
        char interval[32];
        std::snprintf(interval, sizeof interval, "%.2fs", s.interval_s);
        out += "  up " + format_duration(s.elapsed_s) + "  every " + interval;
        // The output fell behind: this block covers several intervals.
        if (s.merged_intervals > 1)
            out += " (" + std::to_string(s.merged_intervals) + " merged)";
    }
    if (!s.filter.empty())
        out += "  filter: " + s.filter;
    return out + "\n";
}

// "total: 1234 packets, 1.18 GiB in 1m05s; average 18.98 pps, 152.1 kbit/s"
std::string summary_line(const Snapshot &s)
{
    const TrafficSection &t = s.total;
    return "total: " + std::to_string(t.total.packets) + " packets, " +
           format_bytes(t.total.bytes) + " in " + format_duration(s.elapsed_s) + "; average " +
           format_packet_rate(t.average_rate.pps) + ", " + format_bit_rate(t.average_rate.bps) +
           "\n";
}

std::string traffic_row(const std::string &name, const TrafficSection &t, size_t width)
{
    // A name as wide as its column would touch the numbers.
    const std::string label = display_width(name) < width ? pad_right(name, width)
                                                          : name + "\n" + std::string(width, ' ');
    return label + pad_left(std::to_string(t.total.packets), kPacketsWidth) +
           pad_left(format_bytes(t.total.bytes), kBytesWidth) +
           pad_left(format_packet_rate(t.interval_rate.pps), kPpsWidth) +
           pad_left(format_bit_rate(t.interval_rate.bps), kBpsWidth) +
           pad_left(format_packet_rate(t.average_rate.pps), kPpsWidth) +
           pad_left(format_bit_rate(t.average_rate.bps), kBpsWidth) + "\n";
}

std::string traffic_table(const Snapshot &s, const TextOptions &options)
{
    const size_t width = name_width(options);
    std::string out = pad_right("INTERFACE", width) + pad_left("PACKETS", kPacketsWidth) +
                      pad_left("BYTES", kBytesWidth) + pad_left("now pps", kPpsWidth) +
                      pad_left("now bit/s", kBpsWidth) + pad_left("avg pps", kPpsWidth) +
                      pad_left("avg bit/s", kBpsWidth) + "\n";
    for (const TrafficSection &iface : s.interfaces)
        out += traffic_row(shown_name(s, iface.name) + (iface.gone ? " (gone)" : ""), iface, width);
    out += traffic_row("total", s.total, width);
    const Count &filtered = s.total.filtered_out;
    if (!s.filter.empty() || filtered.packets > 0)
        out += "filtered out: " + std::to_string(filtered.packets) + " packets (" +
               format_bytes(filtered.bytes) + ")\n";
    return out;
}

std::string flow_figures(const FlowFigures &f)
{
    std::string out = "flows: " + std::to_string(f.active) + " active (" +
                      format_bytes(f.active_counts.bytes) + "), " + std::to_string(f.aged_out) +
                      " aged out (" + format_bytes(f.aged_out_counts.bytes) + ")\n";
    // Overflow means the numbers per flow undercount: make it impossible to miss.
    if (f.overflow.packets > 0)
        out += "! flow table full: " + std::to_string(f.overflow.packets) + " packets (" +
               format_bytes(f.overflow.bytes) + ") not in any flow \u2014 raise --max-flows\n";
    if (f.refused.packets > 0)
        out += "! " + std::to_string(f.max_active) +
               " flows held: " + std::to_string(f.refused.packets) + " packets (" +
               format_bytes(f.refused.bytes) + ") refused \u2014 raise --max-active-flows\n";
    return out;
}

// Only when a host table was full: per-host numbers then miss some traffic.
std::string host_overflow(const HostFigures &h)
{
    std::string out;
    for (const auto &[name, f] :
         {std::pair{"source", &h.sources}, {"destination", &h.destinations}})
        if (f->overflow.packets > 0)
            out += std::string("! ") + name +
                   " host table full: " + std::to_string(f->overflow.packets) + " packets (" +
                   format_bytes(f->overflow.bytes) + ") not in any host \u2014 raise --max-hosts\n";
    return out;
}

// The fullest CPU table decides when frames overflow, so its fill leads.
std::string flow_table_fill(const FlowTableFill &f)
{
    if (f.tables == 0)
        return "";
    return "flow table: " + format_percent(f.fullest_table, f.table_capacity) +
           " full (fullest of " + std::to_string(f.tables) +
           " CPU tables: " + std::to_string(f.fullest_table) + " of " +
           std::to_string(f.table_capacity) + " flows; " + std::to_string(f.entries) + " in all)\n";
}

std::string notices(const std::vector<std::string> &list)
{
    std::string out;
    for (const std::string &n : list)
        out += "notice: " + n + "\n";
    return out;
}

} // namespace

std::string render_text(const Snapshot &s, const TextOptions &options)
{
    std::string out = header_line(s);
    out += render_alert_section(s); // first: what needs attention
    if (is_final(s))
        out += summary_line(s);
    out += "\n" + traffic_table(s, options);
    for (const std::string &section : {render_hook_table(s), render_direction_table(s)})
        if (!section.empty())
            out += "\n" + section;
    out += "\n" + render_protocol_table(s.total.classes, s.total.total);
    if (s.interfaces.size() > 1) {
        out += "PER INTERFACE (% of packets)\n";
        for (const TrafficSection &iface : s.interfaces)
            out += render_protocol_shares(shown_name(s, iface.name), iface.classes, iface.total,
                                          options.width);
    }
    out += "\n" + render_top_talkers(s.top, options.top_n, s.interfaces.size() > 1, options.width);
    if (s.flow_list) // --all-flows, in the final summary
        out += "\n" + render_flow_list(*s.flow_list, s.interfaces.size() > 1, options.width);
    out +=
        "\n" + flow_figures(s.flows) + host_overflow(s.hosts) + flow_table_fill(s.total.flow_table);
    if (!s.notices.empty())
        out += "\n" + notices(s.notices);
    // The tables are laid out to fit; headers, alerts and notices are free
    // text (filters, rule names, paths) folded here.
    return wrap_text(out, options.width);
}

} // namespace netmon
