#include "process/existing_sockets.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_map>

#include "core/error.h"

namespace netmon::process {

namespace {

constexpr uint8_t kTcp = 6;
constexpr unsigned kTcpListen = 0x0A;
constexpr unsigned kEstablished = 0x01; // also a connected UDP socket

template <class T> bool parse_hex(std::string_view s, T &out)
{
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out, 16);
    return ec == std::errc() && end == s.data() + s.size();
}

// "0100007F:0277" (IPv4) or 32 hex digits and a port (IPv6): the address
// in the flow key's form (IPv4-mapped, any address all zero).
bool parse_end(std::string_view text, uint8_t addr[16], uint16_t &port)
{
    const size_t colon = text.find(':');
    if (colon == std::string_view::npos || !parse_hex(text.substr(colon + 1), port))
        return false;
    std::string_view hex = text.substr(0, colon);
    if (hex.size() != 8 && hex.size() != 32)
        return false;
    // The kernel prints each 32-bit word of the address as it sits in
    // memory, read as a native integer: copying the integer back restores
    // the bytes.
    uint8_t bytes[16] = {};
    for (size_t w = 0; w < hex.size() / 8; w++) {
        uint32_t word = 0;
        if (!parse_hex(hex.substr(w * 8, 8), word))
            return false;
        std::memcpy(bytes + w * 4, &word, 4);
    }
    std::memset(addr, 0, 16);
    if (hex.size() == 32) {
        std::memcpy(addr, bytes, 16);
    } else if (bytes[0] || bytes[1] || bytes[2] || bytes[3]) {
        addr[10] = addr[11] = 0xff;
        std::memcpy(addr + 12, bytes, 4);
    }
    return true;
}

std::string read_small_file(const std::string &path)
{
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

uint64_t inode_of(const std::string &path)
{
    struct stat st {};
    return stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

// The socket inodes process `pid` holds ("socket:[12345]" links in fd/).
std::vector<uint64_t> socket_inodes(const std::string &pid)
{
    std::vector<uint64_t> out;
    const std::string dir = "/proc/" + pid + "/fd";
    DIR *d = opendir(dir.c_str());
    if (!d)
        return out; // gone, or not ours to read
    while (const dirent *e = readdir(d)) {
        char link[64];
        const std::string path = dir + "/" + e->d_name;
        ssize_t n = readlink(path.c_str(), link, sizeof(link) - 1);
        if (n <= 0)
            continue;
        std::string_view target(link, static_cast<size_t>(n));
        constexpr std::string_view prefix = "socket:[";
        if (target.substr(0, prefix.size()) != prefix || target.back() != ']')
            continue;
        uint64_t inode = 0;
        auto digits = target.substr(prefix.size(), target.size() - prefix.size() - 1);
        if (std::from_chars(digits.data(), digits.data() + digits.size(), inode).ec == std::errc())
            out.push_back(inode);
    }
    closedir(d);
    return out;
}

netmon_sock_owner owner_of(const std::string &pid, uint32_t tgid, const CgroupPaths &cgroups)
{
    netmon_sock_owner o{};
    o.tgid = tgid;
    std::string comm = read_small_file("/proc/" + pid + "/comm");
    if (!comm.empty() && comm.back() == '\n')
        comm.pop_back();
    std::strncpy(o.comm, comm.c_str(), sizeof(o.comm) - 1);
    if (cgroups.has_v2())
        if (auto path = cgroup_path_in(read_small_file("/proc/" + pid + "/cgroup"), "0"))
            o.cgroup_id = inode_of(cgroups.v2_mount() + *path);
    return o;
}

} // namespace

std::vector<ProcNetSocket> parse_proc_net(std::string_view text, uint8_t proto, uint32_t netns)
{
    std::vector<ProcNetSocket> out;
    std::istringstream lines{std::string(text)};
    std::string line;
    std::getline(lines, line); // the header
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
        if (!(fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >>
              timeout >> inode))
            continue;
        ProcNetSocket s;
        unsigned st = 0;
        if (!parse_hex(std::string_view(state), st) ||
            std::from_chars(inode.data(), inode.data() + inode.size(), s.inode).ec != std::errc() ||
            s.inode == 0)
            continue;
        if (proto == kTcp && st == kTcpListen)
            continue;
        s.key.proto = proto;
        s.key.netns = netns;
        if (!parse_end(local, s.key.local, s.key.local_port) || s.key.local_port == 0)
            continue;
        // TCP sockets are always connected here; UDP only when established,
        // else recorded as the kernel side does: "to anyone".
        if (proto == kTcp || st == kEstablished) {
            if (!parse_end(remote, s.key.remote, s.key.remote_port))
                continue;
        }
        out.push_back(s);
    }
    return out;
}

uint32_t netns_inode(const char *path)
{
    struct stat st {};
    if (stat(path, &st) != 0)
        throw Error(errno_message(std::string("cannot read ") + path, -errno));
    return static_cast<uint32_t>(st.st_ino);
}

namespace {

std::vector<ProcNetSocket> proc_net_sockets(uint32_t netns)
{
    std::vector<ProcNetSocket> out;
    for (auto [file, proto] : {std::pair{"tcp", uint8_t{6}}, std::pair{"tcp6", uint8_t{6}},
                               std::pair{"udp", uint8_t{17}}, std::pair{"udp6", uint8_t{17}}}) {
        auto some =
            parse_proc_net(read_small_file(std::string("/proc/self/net/") + file), proto, netns);
        out.insert(out.end(), some.begin(), some.end());
    }
    return out;
}

} // namespace

std::vector<netmon_sock_key> open_socket_keys(uint32_t netns)
{
    std::vector<netmon_sock_key> out;
    for (const ProcNetSocket &s : proc_net_sockets(netns))
        out.push_back(s.key);
    return out;
}

std::vector<SocketEntry> existing_sockets(uint32_t netns, const CgroupPaths &cgroups)
{
    std::unordered_map<uint64_t, std::vector<netmon_sock_key>> by_inode;
    for (const ProcNetSocket &s : proc_net_sockets(netns))
        by_inode[s.inode].push_back(s.key);

    std::vector<uint32_t> pids;
    if (DIR *d = opendir("/proc")) {
        while (const dirent *e = readdir(d)) {
            uint32_t pid = 0;
            const char *name = e->d_name;
            if (std::from_chars(name, name + std::strlen(name), pid).ec == std::errc())
                pids.push_back(pid);
        }
        closedir(d);
    }
    std::sort(pids.begin(), pids.end()); // the lowest pid wins a shared socket
    std::vector<SocketEntry> out;
    for (uint32_t tgid : pids) {
        const std::string pid = std::to_string(tgid);
        if (inode_of("/proc/" + pid + "/ns/net") != netns)
            continue;
        std::vector<netmon_sock_key> keys;
        for (uint64_t inode : socket_inodes(pid)) {
            auto it = by_inode.find(inode);
            if (it == by_inode.end())
                continue;
            keys.insert(keys.end(), it->second.begin(), it->second.end());
            by_inode.erase(it);
        }
        if (keys.empty())
            continue;
        const netmon_sock_owner owner = owner_of(pid, tgid, cgroups);
        for (const auto &k : keys)
            out.push_back({k, owner});
    }
    return out;
}

} // namespace netmon::process
