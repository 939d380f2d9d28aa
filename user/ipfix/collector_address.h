// Where an --ipfix collector listens: HOST:PORT (UDP), udp://HOST:PORT or
// tcp://HOST:PORT; an IPv6 host in brackets ([::1]:4739).
#pragma once

#include <string>

namespace netmon::ipfix {

struct CollectorAddress {
    bool tcp = false;
    std::string host;
    std::string port;
    std::string text; // as the user wrote it, for messages
};

// Throws netmon::Error (usage) with a hint when the text is not one.
CollectorAddress parse_collector_address(const std::string &text);

} // namespace netmon::ipfix
