#include "output/text_top.h"

#include <string_view>
#include <vector>

#include "output/address_format.h"
#include "output/flow_format.h"
#include "output/text_columns.h"
#include "output/top_ranking.h"
#include "output/units.h"

namespace netmon {
namespace {

// Label, three rate columns, bytes and packets: 44 + 3*9 + 12 + 13 = 96.
constexpr size_t kLabelWidth = 44;
constexpr size_t kRateWidth = 9;
constexpr size_t kBytesWidth = 12;
constexpr size_t kPacketsWidth = 13;
constexpr size_t kMaxWidth = 100;
constexpr std::string_view kArrow = " \u2192 ";

struct TopRow {
    std::string label;
    const WindowRates &rates;
    const Count &total;
};

std::string header(const std::string &title)
{
    return pad_right(title, kLabelWidth) + pad_left("2s", kRateWidth) +
           pad_left("10s", kRateWidth) + pad_left("40s", kRateWidth) +
           pad_left("BYTES", kBytesWidth) + pad_left("PACKETS", kPacketsWidth) + "\n";
}

// A label too long for its column (IPv6 flows) gets lines of its own; one
// too long even for that (two full IPv6 endpoints) breaks after the arrow.
std::string label_lines(const std::string &label)
{
    size_t arrow = label.find(kArrow);
    if (display_width(label) <= kMaxWidth || arrow == std::string::npos)
        return label + "\n";
    size_t cut = arrow + kArrow.size() - 1; // keep "→" on the first line
    return label.substr(0, cut) + "\n  " + label.substr(cut + 1) + "\n";
}

std::string row_line(const TopRow &row)
{
    std::string out;
    if (display_width(row.label) > kLabelWidth)
        out = label_lines(row.label) + std::string(kLabelWidth, ' ');
    else
        out = pad_right(row.label, kLabelWidth);
    out += pad_left(format_bit_rate_short(row.rates.last_2s), kRateWidth);
    out += pad_left(format_bit_rate_short(row.rates.last_10s), kRateWidth);
    out += pad_left(format_bit_rate_short(row.rates.last_40s), kRateWidth);
    out += pad_left(format_bytes(row.total.bytes), kBytesWidth);
    out += pad_left(std::to_string(row.total.packets), kPacketsWidth);
    return out + "\n";
}

std::string table(const std::string &title, const std::vector<TopRow> &rows)
{
    std::string out = header(title);
    if (rows.empty())
        out += "(none)\n";
    for (const TopRow &row : rows)
        out += row_line(row);
    return out;
}

std::string hosts_table(const std::string &title, const std::vector<HostEntry> &hosts, size_t top_n)
{
    std::vector<TopRow> rows;
    for (const HostEntry *h : top_entries(hosts, top_n))
        rows.push_back({format_address(h->kind, h->addr), h->rates, h->total});
    return table(title, rows);
}

// Local and remote hosts: the label says how much each one sent and received.
std::string split_hosts_table(const std::string &title, const std::vector<HostEntry> &hosts,
                              size_t top_n)
{
    std::vector<TopRow> rows;
    for (const HostEntry *h : top_entries(hosts, top_n))
        rows.push_back({format_address(h->kind, h->addr) + "  sent " + format_bytes(h->sent.bytes) +
                            ", received " + format_bytes(h->received.bytes),
                        h->rates, h->total});
    return table(title, rows);
}

std::string flows_table(const std::vector<FlowRecord> &flows, size_t top_n, bool show_iface)
{
    std::vector<TopRow> rows;
    for (const FlowRecord *f : top_entries(flows, top_n)) {
        std::string label = format_flow(f->key);
        if (show_iface)
            label += " (" + f->iface + ")";
        rows.push_back({std::move(label), f->rates, f->total});
    }
    return table("TOP FLOWS", rows);
}

} // namespace

std::string render_top_talkers(const TopLists &top, size_t top_n, bool show_iface)
{
    std::string local_remote;
    if (!top.local_hosts.empty() || !top.remote_hosts.empty())
        local_remote = "\n" + split_hosts_table("TOP LOCAL HOSTS", top.local_hosts, top_n) + "\n" +
                       split_hosts_table("TOP REMOTE HOSTS", top.remote_hosts, top_n);
    return "Rates in bit/s averaged over the last 2 s, 10 s and 40 s.\n" +
           hosts_table("TOP SOURCES", top.sources, top_n) + "\n" +
           hosts_table("TOP DESTINATIONS", top.destinations, top_n) + "\n" +
           flows_table(top.flows, top_n, show_iface) + local_remote;
}

} // namespace netmon
