#include "attach/link_owner.h"

#include <bpf/bpf.h>
#include <dirent.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "core/fd.h"

namespace netmon {

namespace {

std::vector<std::string> entries(const std::string &dir)
{
    std::vector<std::string> out;
    DIR *d = opendir(dir.c_str());
    if (!d)
        return out;
    while (dirent *e = readdir(d))
        if (e->d_name[0] != '.')
            out.emplace_back(e->d_name);
    closedir(d);
    return out;
}

bool all_digits(const std::string &s)
{
    return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

} // namespace

std::vector<LinkHolder> link_holders(uint32_t link_id, const std::string &proc_root)
{
    std::vector<LinkHolder> out;
    const std::string wanted = "link_id:\t" + std::to_string(link_id);
    for (const std::string &pid : entries(proc_root)) {
        if (!all_digits(pid))
            continue;
        const std::string fdinfo = proc_root + "/" + pid + "/fdinfo";
        for (const std::string &fd : entries(fdinfo)) {
            std::ifstream in(fdinfo + "/" + fd);
            bool found = false;
            for (std::string line; !found && std::getline(in, line);)
                found = line == wanted;
            if (!found)
                continue;
            LinkHolder h;
            h.pid = static_cast<pid_t>(std::atol(pid.c_str()));
            std::ifstream comm(proc_root + "/" + pid + "/comm");
            std::getline(comm, h.command);
            out.push_back(h);
            break; // one entry per process
        }
    }
    return out;
}

std::optional<XdpLinkOwner> xdp_link_owner(int ifindex, uint32_t prog_id)
{
    uint32_t id = 0;
    while (bpf_link_get_next_id(id, &id) == 0) {
        Fd fd(bpf_link_get_fd_by_id(id));
        if (!fd)
            continue;
        bpf_link_info info{};
        uint32_t len = sizeof(info);
        if (bpf_obj_get_info_by_fd(fd.get(), &info, &len) != 0)
            continue;
        if (info.type == BPF_LINK_TYPE_XDP && static_cast<int>(info.xdp.ifindex) == ifindex &&
            info.prog_id == prog_id) {
            fd.reset(); // not to count ourselves among the holders
            return XdpLinkOwner{id, link_holders(id)};
        }
    }
    return std::nullopt;
}

} // namespace netmon
