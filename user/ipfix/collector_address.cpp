#include "ipfix/collector_address.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/error.h"
#include "core/excerpt.h"

namespace netmon::ipfix {

CollectorAddress parse_collector_address(const std::string &text)
{
    auto bad = [&](const std::string &why) {
        return Error("--ipfix '" + excerpt(text) + "': " + why +
                         " (expected HOST:PORT, udp://HOST:PORT or tcp://HOST:PORT)",
                     kExitUsage);
    };
    CollectorAddress a;
    a.text = text;
    std::string rest = text;
    if (rest.rfind("tcp://", 0) == 0) {
        a.tcp = true;
        rest = rest.substr(6);
    } else if (rest.rfind("udp://", 0) == 0) {
        rest = rest.substr(6);
    } else if (rest.find("://") != std::string::npos) {
        throw bad("unknown transport");
    }
    size_t colon = rest.rfind(':');
    if (colon == std::string::npos || colon == 0)
        throw bad("no port");
    a.host = rest.substr(0, colon);
    a.port = rest.substr(colon + 1);
    if (a.host.front() == '[') {
        if (a.host.back() != ']')
            throw bad("unclosed '['");
        a.host = a.host.substr(1, a.host.size() - 2);
    } else if (a.host.find(':') != std::string::npos) {
        throw bad("put an IPv6 address in brackets");
    }
    char *end = nullptr;
    long port = std::strtol(a.port.c_str(), &end, 10);
    if (a.port.empty() || *end != '\0' || port < 1 || port > 65535)
        throw bad("port must be 1-65535");
    return a;
}

ResolvedCollector resolve_collector(const CollectorAddress &a)
{
    addrinfo hints{};
    hints.ai_socktype = a.tcp ? SOCK_STREAM : SOCK_DGRAM;
    addrinfo *res = nullptr;
    const int rc = getaddrinfo(a.host.c_str(), a.port.c_str(), &hints, &res);
    ResolvedCollector out;
    if (rc == 0)
        out.addresses.reset(res);
    else
        out.error = "cannot resolve host " + excerpt(a.host) + ": " +
                    (rc == EAI_SYSTEM ? std::strerror(errno) : gai_strerror(rc));
    return out;
}

} // namespace netmon::ipfix
