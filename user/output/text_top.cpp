#include "output/text_top.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "output/address_format.h"
#include "output/flow_format.h"
#include "output/protocol_names.h"
#include "output/text_columns.h"
#include "output/top_ranking.h"
#include "output/units.h"

namespace netmon {
namespace {

// Three rate columns ("999.9M"), bytes and packets, each with a space
// before it: 46 columns; the label has the rest (34 of 80). A longer label
// gets a line of its own above the numbers.
constexpr size_t kRateWidth = 8;
constexpr size_t kBytesWidth = 11;
constexpr size_t kPacketsWidth = 11;
constexpr size_t kNumbersWidth = 3 * kRateWidth + kBytesWidth + kPacketsWidth;
constexpr size_t kMinLabelWidth = 20;
constexpr std::string_view kArrow = " \u2192 ";

struct TopRow {
    std::string label;
    const WindowRates &rates;
    const Count &total;
};

class Columns {
  public:
    explicit Columns(size_t width)
        : width_(std::max(width, kNumbersWidth + kMinLabelWidth)), label_(width_ - kNumbersWidth)
    {
    }
    size_t width() const { return width_; }
    size_t label() const { return label_; }

  private:
    size_t width_;
    size_t label_;
};

std::string header(const std::string &title, const Columns &c)
{
    return pad_right(title, c.label()) + pad_left("2s", kRateWidth) + pad_left("10s", kRateWidth) +
           pad_left("40s", kRateWidth) + pad_left("BYTES", kBytesWidth) +
           pad_left("PACKETS", kPacketsWidth) + "\n";
}

// A label too long for its column (IPv6 flows) gets lines of its own; one
// too long even for that (two full IPv6 endpoints) breaks after the arrow.
std::string label_lines(const std::string &label, const Columns &c)
{
    size_t arrow = label.find(kArrow);
    if (display_width(label) <= c.width() || arrow == std::string::npos)
        return wrap_line(label, c.width());
    size_t cut = arrow + kArrow.size() - 1; // keep "→" on the first line
    return label.substr(0, cut) + "\n" + wrap_line("  " + label.substr(cut + 1), c.width());
}

std::string row_line(const TopRow &row, const Columns &c)
{
    std::string out;
    // A label as wide as its column would touch the numbers.
    if (display_width(row.label) >= c.label())
        out = label_lines(row.label, c) + std::string(c.label(), ' ');
    else
        out = pad_right(row.label, c.label());
    out += pad_left(format_bit_rate_short(row.rates.last_2s), kRateWidth);
    out += pad_left(format_bit_rate_short(row.rates.last_10s), kRateWidth);
    out += pad_left(format_bit_rate_short(row.rates.last_40s), kRateWidth);
    out += pad_left(format_bytes(row.total.bytes), kBytesWidth);
    out += pad_left(std::to_string(row.total.packets), kPacketsWidth);
    return out + "\n";
}

std::string table(const std::string &title, const std::vector<TopRow> &rows, const Columns &c)
{
    std::string out = header(title, c);
    if (rows.empty())
        out += "(none)\n";
    for (const TopRow &row : rows)
        out += row_line(row, c);
    return out;
}

std::string hosts_table(const std::string &title, const std::vector<HostEntry> &hosts, size_t top_n,
                        const Columns &c)
{
    std::vector<TopRow> rows;
    for (const HostEntry *h : top_entries(hosts, top_n))
        rows.push_back({format_address(h->kind, h->addr), h->rates, h->total});
    return table(title, rows, c);
}

// Local and remote hosts: the label says how much each one sent and received.
std::string split_hosts_table(const std::string &title, const std::vector<HostEntry> &hosts,
                              size_t top_n, const Columns &c)
{
    std::vector<TopRow> rows;
    for (const HostEntry *h : top_entries(hosts, top_n))
        rows.push_back({format_address(h->kind, h->addr) + "  sent " + format_bytes(h->sent.bytes) +
                            ", received " + format_bytes(h->received.bytes),
                        h->rates, h->total});
    return table(title, rows, c);
}

std::vector<TopRow> flow_rows(const std::vector<const FlowRecord *> &flows, bool show_iface)
{
    std::vector<TopRow> rows;
    for (const FlowRecord *f : flows) {
        std::string label = format_flow(f->key);
        if (show_iface)
            label += " (" + f->iface + ")";
        rows.push_back({std::move(label), f->rates, f->total});
    }
    return rows;
}

// Destination ports, "443/tcp": the services the traffic goes to.
std::string ports_table(const std::vector<PortEntry> &ports, size_t top_n, const Columns &c)
{
    std::vector<TopRow> rows;
    for (const PortEntry *p : top_entries(ports, top_n))
        rows.push_back(
            {std::to_string(p->port) + "/" + ip_protocol_label(p->proto), p->rates, p->total});
    return table("TOP PORTS", rows, c);
}

} // namespace

std::string render_top_talkers(const TopLists &top, size_t top_n, bool show_iface, size_t width)
{
    const Columns c(width);
    std::string local_remote;
    if (!top.local_hosts.empty() || !top.remote_hosts.empty())
        local_remote = "\n" + split_hosts_table("TOP LOCAL HOSTS", top.local_hosts, top_n, c) +
                       "\n" + split_hosts_table("TOP REMOTE HOSTS", top.remote_hosts, top_n, c);
    return "Rates in bit/s averaged over the last 2 s, 10 s and 40 s.\n" +
           hosts_table("TOP SOURCES", top.sources, top_n, c) + "\n" +
           hosts_table("TOP DESTINATIONS", top.destinations, top_n, c) + "\n" +
           table("TOP FLOWS", flow_rows(top_entries(top.flows, top_n), show_iface), c) + "\n" +
           ports_table(top.ports, top_n, c) + local_remote;
}

std::string render_flow_list(const std::vector<FlowRecord> &flows, bool show_iface, size_t width)
{
    std::vector<const FlowRecord *> sorted = top_entries(flows);
    std::stable_sort(sorted.begin(), sorted.end(), [](const FlowRecord *a, const FlowRecord *b) {
        return a->total.bytes > b->total.bytes;
    });
    return table("ALL FLOWS (" + std::to_string(flows.size()) + ", most bytes first)",
                 flow_rows(sorted, show_iface), Columns(width));
}

} // namespace netmon
