#include "http/sse.h"

#include <charconv>

namespace netmon::http {

std::string sse_event(uint64_t id, std::string_view event, std::string_view data)
{
    return "id: " + std::to_string(id) + "\n" + sse_event_without_id(event, data);
}

std::string sse_event_without_id(std::string_view event, std::string_view data)
{
    std::string out = "event: ";
    out += event;
    out += '\n';
    size_t start = 0;
    for (;;) {
        size_t nl = data.find('\n', start);
        out += "data: ";
        out +=
            data.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
        out += '\n';
        if (nl == std::string_view::npos)
            break;
        start = nl + 1;
    }
    out += '\n';
    return out;
}

std::string sse_retry(unsigned milliseconds)
{
    return "retry: " + std::to_string(milliseconds) + "\n\n";
}

std::string sse_comment(std::string_view text)
{
    std::string out = ": ";
    out += text;
    out += "\n\n";
    return out;
}

std::optional<uint64_t> parse_last_event_id(std::string_view header)
{
    uint64_t id = 0;
    auto [end, ec] = std::from_chars(header.data(), header.data() + header.size(), id);
    if (header.empty() || ec != std::errc() || end != header.data() + header.size() || id == 0)
        return std::nullopt;
    return id;
}

} // namespace netmon::http
