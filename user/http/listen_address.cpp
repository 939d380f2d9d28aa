#include "http/listen_address.h"

#include <arpa/inet.h>

#include <charconv>

#include "core/error.h"
#include "core/excerpt.h"

namespace netmon::http {

namespace {

[[noreturn]] void bad(const std::string &text, const std::string &why)
{
    throw Error("--http '" + excerpt(text) + "': " + why +
                    " (expected PORT, ADDR:PORT or [IPv6]:PORT, e.g. 9100 or 0.0.0.0:9100)",
                kExitUsage);
}

uint16_t parse_port(const std::string &text, const std::string &port)
{
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size())
        bad(text, "'" + excerpt(port) + "' is not a port number");
    if (value < 1 || value > 65535)
        bad(text, "port " + port + " is out of range 1-65535");
    return static_cast<uint16_t>(value);
}

} // namespace

std::string ListenAddress::to_string() const
{
    return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

ListenAddress parse_listen_address(const std::string &text)
{
    ListenAddress a;
    std::string port;
    if (text.find(':') == std::string::npos) {
        a.host = "127.0.0.1";
        port = text;
    } else if (text.front() == '[') {
        size_t close = text.find(']');
        if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':')
            bad(text, "an IPv6 address needs brackets and a port");
        a.host = text.substr(1, close - 1);
        a.ipv6 = true;
        port = text.substr(close + 2);
    } else {
        size_t colon = text.rfind(':');
        if (text.find(':') != colon)
            bad(text, "write an IPv6 address in brackets");
        a.host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    a.port = parse_port(text, port);
    if (a.ipv6) {
        in6_addr addr{};
        if (inet_pton(AF_INET6, a.host.c_str(), &addr) != 1)
            bad(text, "'" + excerpt(a.host) + "' is not a numeric IPv6 address");
        a.loopback = IN6_IS_ADDR_LOOPBACK(&addr);
    } else {
        in_addr addr{};
        if (inet_pton(AF_INET, a.host.c_str(), &addr) != 1)
            bad(text, "'" + excerpt(a.host) + "' is not a numeric IPv4 address");
        a.loopback = (ntohl(addr.s_addr) >> 24) == 127;
    }
    return a;
}

} // namespace netmon::http
