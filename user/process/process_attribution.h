// Process attribution (docs/process.md): loads the socket programs
// (bpf/sockets.bpf.c), records the sockets that existed before, and before
// each harvest copies the kernel's socket table for the flows' join.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <tuple>
#include <vector>

#include "process/cgroup_paths.h"
#include "process/socket_join.h"
#include "stats/owner_lookup.h"

struct sockets_bpf;

namespace netmon::process {

class ProcessAttribution final : public OwnerLookup {
  public:
    // Loads and attaches the programs, then walks /proc for the sockets of
    // netmon-xdp's network namespace already open. Throws netmon::Error.
    static std::unique_ptr<ProcessAttribution> start();
    ~ProcessAttribution() override;
    ProcessAttribution(const ProcessAttribution &) = delete;
    ProcessAttribution &operator=(const ProcessAttribution &) = delete;

    // Before each harvest: copies the kernel table for the join, and
    // deletes the entries of sockets closed more than kClosedGrace ago.
    void refresh();

    FlowOwner owner_of(const netmon_flow_key &key) const override;

    uint64_t sockets() const { return join_.size(); }
    uint64_t capacity() const;
    uint64_t refused() const; // sockets the full table could not record

  private:
    ProcessAttribution(sockets_bpf *skel, uint32_t netns);
    std::shared_ptr<const ProcessInfo> info_of(const netmon_sock_owner &owner) const;
    // Marks closed the entries of sockets /proc no longer lists.
    void mark_gone_sockets(std::vector<SocketEntry> &entries, uint64_t now);
    // Forgets the processes no flow and no list holds any more.
    void prune_registry();

    sockets_bpf *skel_;
    uint32_t netns_;
    SocketJoin join_;
    mutable CgroupPaths cgroups_;
    // One ProcessInfo per (tgid, comm, cgroup): flows of one process share it.
    using Identity = std::tuple<uint32_t, std::string, uint64_t>;
    mutable std::map<Identity, std::shared_ptr<const ProcessInfo>> registry_;
    mutable uint32_t next_id_ = 1;
};

} // namespace netmon::process
