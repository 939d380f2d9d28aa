#include "tui/flow_label_fit.h"

#include <algorithm>

#include "output/text_columns.h"
#include "tui/text_fit.h"

namespace netmon::tui {
namespace {

// The port part of an endpoint, kept whole: ":443" of "10.0.0.1:443" or
// "]:443" of "[2001:db8::1]:443"; none for a bare address or a MAC (whose
// colons are not a port's).
size_t port_start(std::string_view endpoint)
{
    if (endpoint.starts_with('[')) {
        const size_t close = endpoint.rfind("]:");
        return close == std::string_view::npos ? endpoint.size() : close;
    }
    if (std::count(endpoint.begin(), endpoint.end(), ':') == 1)
        return endpoint.find(':');
    return endpoint.size();
}

std::string fit_endpoint(std::string_view endpoint, size_t width, std::string_view ellipsis)
{
    if (display_width(endpoint) <= width)
        return std::string(endpoint);
    const size_t port = port_start(endpoint);
    const std::string_view address = endpoint.substr(0, port);
    const std::string_view tail = endpoint.substr(port);
    const size_t tail_width = display_width(tail);
    // Too narrow to keep the port and some of the address: plain middle cut.
    if (width < tail_width + display_width(ellipsis) + 4)
        return shorten_middle(endpoint, width, ellipsis);
    return shorten_middle(address, width - tail_width, ellipsis) + std::string(tail);
}

} // namespace

std::string fit_flow_label(std::string_view label, size_t width, std::string_view arrow,
                           std::string_view ellipsis)
{
    if (display_width(label) <= width)
        return std::string(label);
    const size_t at = label.find(arrow);
    if (at == std::string_view::npos)
        return shorten_middle(label, width, ellipsis);
    // "eth1 10.0.0.1:443" | " → " | "10.0.0.2:80 tcp"
    const std::string_view left = label.substr(0, at);
    const std::string_view right = label.substr(at + arrow.size());
    const size_t space = left.rfind(' ');
    const std::string_view prefix =
        space == std::string_view::npos ? "" : left.substr(0, space + 1);
    const std::string_view src = left.substr(prefix.size());
    const size_t dst_end = std::min(right.find(' '), right.size());
    const std::string_view dst = right.substr(0, dst_end);
    std::string tail(right.substr(dst_end));
    // The addresses matter more than an ICMP type's name: the tail keeps its
    // protocol and gives up the rest when the ends need the room.
    const size_t ends = display_width(src) + display_width(dst);
    const size_t around = display_width(prefix) + display_width(arrow);
    const size_t proto = std::min(tail.find(' ', 1), tail.size());
    const size_t tail_room = std::max(proto, width > around + ends ? width - around - ends : 0);
    if (display_width(tail) > tail_room)
        tail = tail_room > proto + display_width(ellipsis)
                   ? cut(tail, tail_room - display_width(ellipsis)) + std::string(ellipsis)
                   : tail.substr(0, proto);
    const size_t fixed = around + display_width(tail);
    if (width < fixed + 16) // no room for two readable ends
        return shorten_middle(label, width, ellipsis);
    // Each end gets half; one that needs less leaves the rest to the other.
    const size_t room = width - fixed;
    size_t src_width = room / 2, dst_width = room - src_width;
    if (display_width(src) < src_width) {
        dst_width += src_width - display_width(src);
        src_width = display_width(src);
    } else if (display_width(dst) < dst_width) {
        src_width += dst_width - display_width(dst);
        dst_width = display_width(dst);
    }
    return std::string(prefix) + fit_endpoint(src, src_width, ellipsis) + std::string(arrow) +
           fit_endpoint(dst, dst_width, ellipsis) + tail;
}

} // namespace netmon::tui
