#include "attach/interface_addresses.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include <cerrno>
#include <memory>

#include "core/error.h"

namespace netmon {

std::vector<std::string> interface_host_prefixes(const std::string &iface_name)
{
    ifaddrs *raw = nullptr;
    if (getifaddrs(&raw) != 0)
        throw Error(errno_message("cannot list interface addresses", -errno));
    std::unique_ptr<ifaddrs, decltype(&freeifaddrs)> list(raw, freeifaddrs);

    std::vector<std::string> out;
    for (const ifaddrs *a = list.get(); a; a = a->ifa_next) {
        if (!a->ifa_addr || iface_name != a->ifa_name)
            continue;
        char text[INET6_ADDRSTRLEN] = {};
        if (a->ifa_addr->sa_family == AF_INET) {
            auto *in = reinterpret_cast<const sockaddr_in *>(a->ifa_addr);
            inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
            out.push_back(std::string(text) + "/32");
        } else if (a->ifa_addr->sa_family == AF_INET6) {
            auto *in6 = reinterpret_cast<const sockaddr_in6 *>(a->ifa_addr);
            inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
            out.push_back(std::string(text) + "/128");
        }
    }
    return out;
}

} // namespace netmon
