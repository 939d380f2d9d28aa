#include "tui/service_names.h"

#include <fstream>
#include <sstream>

namespace netmon::tui {

namespace {

uint8_t proto_number(const std::string &name)
{
    if (name == "tcp")
        return 6;
    if (name == "udp")
        return 17;
    if (name == "sctp")
        return 132;
    if (name == "dccp")
        return 33;
    return 0;
}

} // namespace

ServiceNames ServiceNames::load(const std::string &path)
{
    ServiceNames out;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        line = line.substr(0, line.find('#'));
        std::istringstream fields(line);
        std::string name, port_proto;
        if (!(fields >> name >> port_proto))
            continue;
        const size_t slash = port_proto.find('/');
        if (slash == std::string::npos)
            continue;
        const uint8_t proto = proto_number(port_proto.substr(slash + 1));
        unsigned long port = 0;
        try {
            port = std::stoul(port_proto.substr(0, slash));
        } catch (const std::exception &) {
            continue;
        }
        if (proto == 0 || port > 65535)
            continue;
        // The first line for a port is its usual name.
        out.names_.emplace(std::make_pair(proto, static_cast<uint16_t>(port)), name);
    }
    return out;
}

std::string ServiceNames::name(uint8_t proto, uint16_t port) const
{
    // UDP-Lite shares UDP's numbers.
    if (proto == 136)
        proto = 17;
    auto it = names_.find({proto, port});
    return it == names_.end() ? std::string() : it->second;
}

} // namespace netmon::tui
