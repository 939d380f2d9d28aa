#include "process/process_attribution.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <cerrno>
#include <ctime>
#include <unordered_set>
#include <vector>

#include "core/error.h"
#include "process/existing_sockets.h"
#include "sockets_bpf.skel.h"

namespace netmon::process {

namespace {

// How long a closed socket's entry stays: frames after the close (FIN,
// last ACKs) are harvested at the next interval or two, and this covers
// intervals of up to ten seconds.
constexpr uint64_t kClosedGraceNs = 30'000'000'000ULL;

uint64_t monotonic_ns()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ULL + static_cast<uint64_t>(ts.tv_nsec);
}

} // namespace

ProcessAttribution::ProcessAttribution(sockets_bpf *skel, uint32_t netns)
    : skel_(skel), netns_(netns), join_(netns)
{
}

ProcessAttribution::~ProcessAttribution() { sockets_bpf::destroy(skel_); }

std::unique_ptr<ProcessAttribution> ProcessAttribution::start()
{
    const uint32_t netns = netns_inode();
    sockets_bpf *skel = sockets_bpf::open();
    if (!skel)
        throw Error(errno_message("cannot open the process attribution programs", errno));
    std::unique_ptr<ProcessAttribution> self(new ProcessAttribution(skel, netns));
    skel->rodata->target_netns = netns;
    if (int err = sockets_bpf::load(skel))
        throw Error(errno_message("cannot load the process attribution programs (they need "
                                  "kernel BTF)",
                                  err));
    if (int err = sockets_bpf::attach(skel))
        throw Error(errno_message("cannot attach the process attribution programs (they need "
                                  "the sock_send_length tracepoint, Linux 6.3)",
                                  err));
    // After the attach: a socket opened during the walk is recorded by the
    // programs, and theirs (newer) wins over the walk's (BPF_NOEXIST).
    const int fd = bpf_map__fd(skel->maps.sock_owners);
    for (const SocketEntry &e : existing_sockets(netns, self->cgroups_))
        bpf_map_update_elem(fd, &e.key, &e.owner, BPF_NOEXIST);
    self->refresh();
    return self;
}

uint64_t ProcessAttribution::capacity() const
{
    return bpf_map__max_entries(skel_->maps.sock_owners);
}

uint64_t ProcessAttribution::refused() const { return skel_->bss->counters.table_full; }

void ProcessAttribution::refresh()
{
    const int fd = bpf_map__fd(skel_->maps.sock_owners);
    const uint64_t now = monotonic_ns();
    std::vector<SocketEntry> entries;
    std::vector<netmon_sock_key> expired;
    netmon_sock_key key{};
    netmon_sock_key next{};
    const void *prev = nullptr;
    while (bpf_map_get_next_key(fd, prev, &next) == 0) {
        SocketEntry e{next, {}};
        if (bpf_map_lookup_elem(fd, &next, &e.owner) == 0) {
            if (e.owner.closed_ns && now > e.owner.closed_ns + kClosedGraceNs)
                expired.push_back(next);
            else
                entries.push_back(e);
        }
        key = next;
        prev = &key;
    }
    // Deleted after the walk: deleting the current key would restart it.
    for (const auto &k : expired)
        bpf_map_delete_elem(fd, &k);
    mark_gone_sockets(entries, now);
    join_.assign(entries);
    cgroups_.refresh();
    prune_registry();
}

void ProcessAttribution::mark_gone_sockets(std::vector<SocketEntry> &entries, uint64_t now)
{
    // Read after the table: a socket in the copy that /proc no longer
    // lists has closed since (UDP sockets have no close tracepoint; this
    // also catches a TCP close the programs missed).
    const auto open_keys = open_socket_keys(netns_);
    const std::unordered_set<netmon_sock_key, SockKeyHash, SockKeyEqual> open(open_keys.begin(),
                                                                              open_keys.end());
    const int fd = bpf_map__fd(skel_->maps.sock_owners);
    for (SocketEntry &e : entries) {
        if (e.owner.closed_ns || open.count(e.key))
            continue;
        e.owner.closed_ns = now;
        // BPF_EXIST: never re-creates an entry deleted meanwhile. A socket
        // that reuses the key at this instant is marked too, and its next
        // send or receive records it again.
        bpf_map_update_elem(fd, &e.key, &e.owner, BPF_EXIST);
    }
}

void ProcessAttribution::prune_registry()
{
    std::erase_if(registry_, [](const auto &item) { return item.second.use_count() == 1; });
}

std::shared_ptr<const ProcessInfo> ProcessAttribution::info_of(const netmon_sock_owner &owner) const
{
    std::string comm(owner.comm, strnlen(owner.comm, sizeof(owner.comm)));
    Identity id{owner.tgid, comm, owner.cgroup_id};
    auto it = registry_.find(id);
    if (it != registry_.end())
        return it->second;
    auto info = std::make_shared<ProcessInfo>();
    info->id = next_id_++;
    info->pid = owner.tgid;
    info->comm = std::move(comm);
    info->cgroup_id = owner.cgroup_id;
    info->cgroup = cgroups_.path_of(owner.cgroup_id, owner.tgid);
    registry_.emplace(std::move(id), info);
    return info;
}

FlowOwner ProcessAttribution::owner_of(const netmon_flow_key &key) const
{
    SocketMatch m = join_.find(key);
    if (!m.owner)
        return {};
    return {info_of(*m.owner), m.local_is_src};
}

} // namespace netmon::process
