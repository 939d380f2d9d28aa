#include "process/cgroup_paths.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <vector>

namespace netmon::process {

namespace {

// Hierarchies are small; this bounds a walk even on a host with thousands
// of containers, so one refresh cannot stall the interval.
constexpr size_t kMaxWalkedCgroups = 100000;

std::string read_small_file(const std::string &path)
{
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string_view> split(std::string_view s, char sep)
{
    std::vector<std::string_view> out;
    size_t start = 0;
    for (size_t i = 0; i <= s.size(); i++)
        if (i == s.size() || s[i] == sep) {
            out.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    return out;
}

} // namespace

std::string cgroup2_mount_of(std::string_view mountinfo)
{
    // "36 25 0:31 / /sys/fs/cgroup/unified rw,relatime shared:10 - cgroup2 cgroup2 rw"
    for (std::string_view line : split(mountinfo, '\n')) {
        const size_t dash = line.find(" - ");
        if (dash == std::string_view::npos)
            continue;
        auto before = split(line.substr(0, dash), ' ');
        auto after = split(line.substr(dash + 3), ' ');
        if (before.size() >= 5 && !after.empty() && after[0] == "cgroup2")
            return std::string(before[4]);
    }
    return {};
}

std::optional<std::string> cgroup_path_in(std::string_view proc_cgroup, std::string_view name)
{
    // "12:name=systemd:/user.slice" (v1), "0::/user.slice" (v2)
    for (std::string_view line : split(proc_cgroup, '\n')) {
        auto fields = split(line, ':');
        if (fields.size() < 3)
            continue;
        const bool match =
            name == "0" ? (fields[0] == "0" && fields[1].empty()) : fields[1] == name;
        if (match) {
            const size_t path_at = fields[0].size() + fields[1].size() + 2;
            return std::string(line.substr(path_at));
        }
    }
    return std::nullopt;
}

CgroupPaths::CgroupPaths() : v2_mount_(cgroup2_mount_of(read_small_file("/proc/self/mountinfo"))) {}

void CgroupPaths::walk()
{
    walked_ = true;
    by_id_.clear(); // drops removed cgroups: the map follows the hierarchy
    namespace fs = std::filesystem;
    std::error_code ec;
    auto add = [&](const fs::path &dir) {
        struct stat st {};
        if (stat(dir.c_str(), &st) != 0)
            return;
        std::string rel = dir.string().substr(v2_mount_.size());
        by_id_[st.st_ino] = rel.empty() ? "/" : rel;
    };
    add(v2_mount_);
    size_t seen = 0;
    for (fs::recursive_directory_iterator
             it(v2_mount_, fs::directory_options::skip_permission_denied, ec),
         end;
         !ec && it != end && seen < kMaxWalkedCgroups; it.increment(ec)) {
        if (it->is_directory(ec) && !it->is_symlink(ec)) {
            add(it->path());
            seen++;
        }
    }
}

std::string CgroupPaths::path_of(uint64_t cgroup_id, uint32_t pid)
{
    if (has_v2()) {
        auto it = by_id_.find(cgroup_id);
        if (it == by_id_.end() && !walked_) {
            walk();
            it = by_id_.find(cgroup_id);
        }
        return it == by_id_.end() ? std::string() : it->second;
    }
    auto path =
        cgroup_path_in(read_small_file("/proc/" + std::to_string(pid) + "/cgroup"), "name=systemd");
    return path.value_or(std::string());
}

} // namespace netmon::process
