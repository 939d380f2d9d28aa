#include "clickhouse/server_url.h"

#include <charconv>

#include "core/error.h"

namespace netmon::clickhouse {

namespace {

[[noreturn]] void bad(const std::string &text, const std::string &why)
{
    throw Error("--clickhouse " + text + ": " + why, kExitUsage);
}

uint16_t parse_port(const std::string &text, const std::string &digits)
{
    unsigned value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() || value == 0 ||
        value > 65535)
        bad(text, "the port must be a number from 1 to 65535");
    return static_cast<uint16_t>(value);
}

// Percent-encoding of a query parameter's value (RFC 3986 unreserved kept).
std::string url_encode(const std::string &text)
{
    static const char *hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

} // namespace

ServerUrl parse_server_url(const std::string &text)
{
    const std::string scheme = "http://";
    if (text.rfind("https://", 0) == 0)
        bad(text, "https is not supported; use http:// (through a local TLS proxy if needed)");
    if (text.rfind(scheme, 0) != 0)
        bad(text, "expected a URL like http://127.0.0.1:8123/?database=netmon");
    std::string rest = text.substr(scheme.size());
    ServerUrl url;
    const size_t q = rest.find('?');
    if (q != std::string::npos) {
        url.query = rest.substr(q + 1);
        rest.resize(q);
    }
    if (url.query.find('#') != std::string::npos)
        bad(text, "a URL fragment ('#') means nothing here");
    if (url.query.find("query=") == 0 || url.query.find("&query=") != std::string::npos)
        bad(text, "the URL must not carry query=: netmon-xdp writes its own INSERTs");
    const size_t slash = rest.find('/');
    url.path = slash == std::string::npos ? "/" : rest.substr(slash);
    std::string authority = rest.substr(0, slash);
    if (authority.find('@') != std::string::npos)
        bad(text, "put the user in --clickhouse-user and the password in a file "
                  "(--clickhouse-password-file), not in the URL");
    if (!authority.empty() && authority.front() == '[') {
        const size_t close = authority.find(']');
        if (close == std::string::npos)
            bad(text, "unclosed '[' in the address");
        url.host = authority.substr(1, close - 1);
        const std::string after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':')
                bad(text, "expected ':PORT' after the bracketed address");
            url.port = parse_port(text, after.substr(1));
        }
    } else {
        const size_t colon = authority.find(':');
        url.host = authority.substr(0, colon);
        if (colon != std::string::npos)
            url.port = parse_port(text, authority.substr(colon + 1));
    }
    if (url.host.empty())
        bad(text, "no host in the URL");
    return url;
}

std::string insert_target(const ServerUrl &url, const std::string &table)
{
    std::string target = url.path + "?";
    if (!url.query.empty())
        target += url.query + "&";
    return target + "query=" + url_encode("INSERT INTO " + table + " FORMAT JSONEachRow");
}

} // namespace netmon::clickhouse
