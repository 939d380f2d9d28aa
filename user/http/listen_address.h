// `--http [ADDR:]PORT`: where the server listens. A bare port means
// 127.0.0.1; IPv6 addresses are written in brackets ("[::1]:9100").
#pragma once

#include <cstdint>
#include <string>

namespace netmon::http {

struct ListenAddress {
    std::string host; // numeric, without brackets: "127.0.0.1", "::1"
    uint16_t port = 0;
    bool ipv6 = false;
    bool loopback = false; // 127.0.0.0/8 or ::1

    // "127.0.0.1:9100", "[::1]:9100": for messages and URLs.
    std::string to_string() const;
};

// Throws netmon::Error (usage) naming what is wrong with `text`. Only
// numeric addresses: a name could resolve to several, or change.
ListenAddress parse_listen_address(const std::string &text);

} // namespace netmon::http
