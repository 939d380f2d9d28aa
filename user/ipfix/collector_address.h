// Where an --ipfix collector listens: HOST:PORT (UDP), udp://HOST:PORT or
// tcp://HOST:PORT; an IPv6 host in brackets ([::1]:4739).
#pragma once

#include <netdb.h>

#include <memory>
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

struct AddrinfoFreer {
    void operator()(addrinfo *ai) const { freeaddrinfo(ai); }
};

// The collector's addresses for its transport, or why there are none:
// "cannot resolve host NAME: Name or service not known" (the resolver's
// own reason, so a name that does not exist is not taken for a network
// that cannot reach it).
struct ResolvedCollector {
    std::unique_ptr<addrinfo, AddrinfoFreer> addresses;
    std::string error;
};
ResolvedCollector resolve_collector(const CollectorAddress &a);

} // namespace netmon::ipfix
