#include "attach/interface.h"

#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"
#include "core/fd.h"

namespace netmon {

Interface resolve_interface(const std::string &name)
{
    if (name.empty() || name.size() >= IFNAMSIZ)
        throw Error("invalid interface name '" + name + "'", kExitUsage);
    unsigned ifindex = if_nametoindex(name.c_str());
    if (ifindex == 0)
        throw Error("unknown interface '" + name + "' (see: ip link show)", kExitUsage);

    Fd sock(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    ifreq req{};
    std::strncpy(req.ifr_name, name.c_str(), IFNAMSIZ - 1);
    if (sock && ioctl(sock.get(), SIOCGIFFLAGS, &req) == 0 && !(req.ifr_flags & IFF_UP))
        throw Error("interface '" + name + "' is down (bring it up: ip link set " + name + " up)",
                    kExitUsage);
    return {name, static_cast<int>(ifindex)};
}

bool interface_exists(int ifindex)
{
    char name[IF_NAMESIZE];
    return if_indextoname(static_cast<unsigned>(ifindex), name) != nullptr || errno != ENXIO;
}

} // namespace netmon
