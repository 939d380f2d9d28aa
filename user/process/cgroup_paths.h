// A cgroup's path, for a process's cgroup v2 id (the inode of its
// directory under the cgroup2 mount), or, where cgroup v2 is not mounted,
// its cgroup v1 name=systemd path read from /proc/PID/cgroup.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace netmon::process {

// Where cgroup2 is mounted, from /proc/self/mountinfo's text; empty: nowhere.
std::string cgroup2_mount_of(std::string_view mountinfo);
// The path of hierarchy `name` ("0" selects the v2 line "0::/path",
// "name=systemd" the v1 one) in /proc/PID/cgroup's text; nullopt: absent.
std::optional<std::string> cgroup_path_in(std::string_view proc_cgroup, std::string_view name);

class CgroupPaths {
  public:
    // Reads /proc/self/mountinfo once.
    CgroupPaths();
    bool has_v2() const { return !v2_mount_.empty(); }
    const std::string &v2_mount() const { return v2_mount_; }
    // "/system.slice/ssh.service" for a v2 id (a walk of the hierarchy the
    // first time an id is unknown, at most once per refresh()); else the
    // v1 path of `pid`. Empty when neither is known (the process is gone).
    std::string path_of(uint64_t cgroup_id, uint32_t pid);
    // Allows one more walk for ids that are new since the last one.
    void refresh() { walked_ = false; }

  private:
    void walk();

    std::string v2_mount_;
    std::unordered_map<uint64_t, std::string> by_id_;
    bool walked_ = false;
};

} // namespace netmon::process
