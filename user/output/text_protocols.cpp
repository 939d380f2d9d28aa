#include "output/text_protocols.h"

#include <algorithm>

#include "output/protocol_names.h"
#include "output/text_columns.h"
#include "output/units.h"

namespace netmon {
namespace {

constexpr size_t kLabelWidth = 28;

bool is_big_four(size_t cls)
{
    return cls == kProtoTcp || cls == kProtoUdp || cls == kProtoIcmp || cls == kProtoIcmpv6;
}

std::string class_label(size_t cls)
{
    std::string_view special = counter_class_name(static_cast<uint32_t>(cls));
    if (!special.empty())
        return std::string(special);
    auto proto = static_cast<uint8_t>(cls);
    std::string_view name = ip_protocol_name(proto);
    if (is_big_four(cls))
        return std::string(name);
    std::string number = std::to_string(cls);
    return name.empty() ? "IP protocol " + number : std::string(name) + " (" + number + ")";
}

} // namespace

std::vector<ProtocolRow> protocol_rows(const ClassCounts &classes)
{
    std::vector<ProtocolRow> rows;
    for (size_t cls = 0; cls < classes.size(); ++cls)
        if (classes[cls].packets > 0 || is_big_four(cls))
            rows.push_back({class_label(cls), classes[cls]});
    std::stable_sort(rows.begin(), rows.end(), [](const ProtocolRow &a, const ProtocolRow &b) {
        return a.count.packets > b.count.packets;
    });
    return rows;
}

std::string render_protocol_table(const ClassCounts &classes, const Count &total)
{
    std::string out = pad_right("PROTOCOL", kLabelWidth) + pad_left("PACKETS", 14) +
                      pad_left("%PKTS", 8) + pad_left("BYTES", 12) + pad_left("%BYTES", 8) + "\n";
    for (const ProtocolRow &row : protocol_rows(classes)) {
        out += pad_right(row.label, kLabelWidth);
        out += pad_left(std::to_string(row.count.packets), 14);
        out += pad_left(format_percent(row.count.packets, total.packets), 8);
        out += pad_left(format_bytes(row.count.bytes), 12);
        out += pad_left(format_percent(row.count.bytes, total.bytes), 8);
        out += "\n";
    }
    return out;
}

std::string render_protocol_shares(const std::string &name, const ClassCounts &classes,
                                   const Count &total, size_t width)
{
    // One line per interface: the classes with packets, most first, as
    // long as they fit in the width; the rest summed as "other".
    std::string line = pad_right(name, 16);
    uint64_t shown = 0;
    for (const ProtocolRow &row : protocol_rows(classes)) {
        if (row.count.packets == 0)
            break;
        std::string item = row.label + " " + format_percent(row.count.packets, total.packets);
        if (display_width(line) + item.size() + 2 > width - 14)
            break;
        line += item + "  ";
        shown += row.count.packets;
    }
    if (shown < total.packets)
        line += "other " + format_percent(total.packets - shown, total.packets);
    if (total.packets == 0)
        line += "no packets";
    return line + "\n";
}

} // namespace netmon
