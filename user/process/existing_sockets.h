// Sockets opened before netmon-xdp started: their owners, found through
// /proc (the socket inodes in /proc/net/{tcp,udp}[6] and in each process's
// /proc/PID/fd), so that their flows are attributed too (docs/process.md).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "process/cgroup_paths.h"
#include "process/socket_join.h"

namespace netmon::process {

// One socket of a /proc/net table: its inode and the key the kernel side
// would record it under. Listening TCP sockets and sockets without an
// inode (TIME_WAIT) are left out: no flow is theirs.
struct ProcNetSocket {
    uint64_t inode = 0;
    netmon_sock_key key{};
};

// Parses /proc/net/tcp, tcp6, udp or udp6 text (`proto` 6 or 17; IPv6 when
// the addresses are 32 hex digits). Lines it cannot read are skipped.
std::vector<ProcNetSocket> parse_proc_net(std::string_view text, uint8_t proto, uint32_t netns);

// The keys of every TCP and UDP socket of netmon-xdp's network namespace
// that /proc/self/net lists now (listeners and TIME_WAIT left out).
std::vector<netmon_sock_key> open_socket_keys(uint32_t netns);

// Every TCP and UDP socket of netmon-xdp's network namespace that a process
// of that namespace holds, with that process as its owner (sock 0: the
// kernel side then marks it closed by its key). A socket several processes
// hold (inherited) goes to the lowest pid.
std::vector<SocketEntry> existing_sockets(uint32_t netns, const CgroupPaths &cgroups);

// The inode of a network namespace file (/proc/self/ns/net): its identity,
// as the kernel side reads it from each socket.
uint32_t netns_inode(const char *path = "/proc/self/ns/net");

} // namespace netmon::process
