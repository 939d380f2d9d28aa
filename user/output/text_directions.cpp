#include "output/text_directions.h"

#include "output/text_columns.h"
#include "output/units.h"

namespace netmon {
namespace {

// 24 + 12 + 11 + 11 + 13 = 71 columns; an interface name of 15 still fits 80.
constexpr size_t kNameWidth = 24;
constexpr size_t kPacketsWidth = 12;
constexpr size_t kBytesWidth = 11;
constexpr size_t kPpsWidth = 11;
constexpr size_t kBpsWidth = 13;
constexpr size_t kMaxNetsShown = 4; // the JSON view has all of them

std::string header(const std::string &title)
{
    return pad_right(title, kNameWidth) + pad_left("PACKETS", kPacketsWidth) +
           pad_left("BYTES", kBytesWidth) + pad_left("now pps", kPpsWidth) +
           pad_left("now bit/s", kBpsWidth) + "\n";
}

std::string row(const std::string &name, const Count &total, const Rate &now)
{
    return pad_right(name, kNameWidth) + pad_left(std::to_string(total.packets), kPacketsWidth) +
           pad_left(format_bytes(total.bytes), kBytesWidth) +
           pad_left(format_packet_rate(now.pps), kPpsWidth) +
           pad_left(format_bit_rate(now.bps), kBpsWidth) + "\n";
}

std::string nets_line(const std::vector<std::string> &nets)
{
    std::string out = "local networks:";
    for (size_t i = 0; i < nets.size() && i < kMaxNetsShown; i++)
        out += (i ? ", " : " ") + nets[i];
    if (nets.size() > kMaxNetsShown)
        out += " and " + std::to_string(nets.size() - kMaxNetsShown) + " more";
    return out + "\n";
}

} // namespace

std::string render_hook_table(const Snapshot &s)
{
    if (s.direction == "ingress")
        return "";
    const HookSection &in = s.total.hooks[NETMON_HOOK_INGRESS];
    const HookSection &out = s.total.hooks[NETMON_HOOK_EGRESS];
    std::string table = header("HOOK") + row("received (ingress)", in.total, in.interval_rate) +
                        row("sent (egress)", out.total, out.interval_rate);
    // With several interfaces the total hides which one is busy: each gets
    // its own received and sent rows.
    if (s.interfaces.size() > 1)
        for (const TrafficSection &iface : s.interfaces) {
            const HookSection &i = iface.hooks[NETMON_HOOK_INGRESS];
            const HookSection &o = iface.hooks[NETMON_HOOK_EGRESS];
            table += row("  " + iface.name + " received", i.total, i.interval_rate) +
                     row("  " + iface.name + " sent", o.total, o.interval_rate);
        }
    return table;
}

std::string render_direction_table(const Snapshot &s)
{
    if (s.local_nets.empty())
        return "";
    auto at = [&](Direction d) -> const DirectionFigures & {
        return s.directions[static_cast<size_t>(d)];
    };
    return nets_line(s.local_nets) + header("DIRECTION") +
           row("inbound", at(Direction::Inbound).total, at(Direction::Inbound).interval_rate) +
           row("outbound", at(Direction::Outbound).total, at(Direction::Outbound).interval_rate) +
           row("internal", at(Direction::Internal).total, at(Direction::Internal).interval_rate) +
           row("other", at(Direction::Other).total, at(Direction::Other).interval_rate);
}

} // namespace netmon
