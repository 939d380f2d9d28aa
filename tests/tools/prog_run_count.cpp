// prog_run_count PROG_ID: turns on the kernel's BPF run statistics, holds
// the program PROG_ID open (so it outlives the process that loaded it),
// prints "ready", waits for end of file on stdin, then prints how many
// times the program ran: an exact count of the frames it saw, independent
// of what the program itself counted. Statistics stay on only while this
// runs (BPF_ENABLE_STATS is undone when its fd closes).
#include <bpf/bpf.h>
#include <linux/bpf.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "core/fd.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::cerr << "usage: prog_run_count PROG_ID\n";
        return 2;
    }
    const auto id = static_cast<uint32_t>(std::strtoul(argv[1], nullptr, 10));
    const netmon::Fd stats(bpf_enable_stats(BPF_STATS_RUN_TIME));
    if (!stats) {
        std::cerr << "prog_run_count: cannot enable BPF statistics: " << std::strerror(errno)
                  << "\n";
        return 1;
    }
    const netmon::Fd prog(bpf_prog_get_fd_by_id(id));
    if (!prog) {
        std::cerr << "prog_run_count: no program " << id << ": " << std::strerror(errno) << "\n";
        return 1;
    }
    std::cout << "ready" << std::endl;
    char buf[64];
    while (read(STDIN_FILENO, buf, sizeof(buf)) > 0) {
    }
    bpf_prog_info info{};
    uint32_t len = sizeof(info);
    if (bpf_obj_get_info_by_fd(prog.get(), &info, &len) != 0) {
        std::cerr << "prog_run_count: cannot read program " << id << ": " << std::strerror(errno)
                  << "\n";
        return 1;
    }
    std::cout << info.run_cnt << std::endl;
    return 0;
}
