// bench_map_memory: kernel memory of every map of a loaded NetmonObject, as
// the kernel accounts it (memlock in /proc/self/fdinfo), next to what the
// formula in the README predicts for this machine's possible CPUs.
#include <CLI/CLI.hpp>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "bench_report.h"
#include "bpf/netmon_object.h"
#include "bpf/percpu.h"
#include "netmon_bpf.skel.h"

namespace netmon::bench {
namespace {

uint64_t memlock_bytes(int fd)
{
    std::ifstream info("/proc/self/fdinfo/" + std::to_string(fd));
    std::string key;
    while (info >> key) {
        if (key == "memlock:") {
            uint64_t bytes = 0;
            info >> bytes;
            return bytes;
        }
        info.ignore(4096, '\n');
    }
    throw std::runtime_error("no memlock in fdinfo");
}

uint64_t round_up_pow2(uint64_t n)
{
    uint64_t p = 1;
    while (p < n)
        p <<= 1;
    return p;
}

// Kernel 6.x htab_map_mem_usage() for a preallocated PERCPU_HASH:
// buckets (16 B each, rounded up to a power of two) + elements (48 B header
// + key rounded to 8 + a per-CPU pointer) + one value per possible CPU.
double predicted_flow_table_mib(uint32_t max_entries, uint32_t key, uint32_t value, size_t ncpus)
{
    const uint64_t elem = 48 + ((key + 7) & ~7u) + 8;
    const uint64_t per_cpu_value = (value + 7) & ~7u;
    double bytes = 16.0 * round_up_pow2(max_entries) +
                   double(max_entries) * (elem + per_cpu_value * ncpus);
    return bytes / (1 << 20);
}

void measure(uint32_t max_flows)
{
    progress("map memory, --max-flows " + std::to_string(max_flows));
    auto obj = NetmonObject::load({.max_flows = max_flows});
    const size_t ncpus = possible_cpus();
    double total = 0;
    bpf_map *map;
    bpf_object__for_each_map(map, obj->skel()->obj)
    {
        int fd = bpf_map__fd(map);
        bpf_map_info info{};
        uint32_t len = sizeof(info);
        if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &len))
            continue;
        double mib = memlock_bytes(fd) / double(1 << 20);
        total += mib;
        std::string note = std::string(libbpf_bpf_map_type_str(bpf_map_type(info.type))) + ", " +
                           std::to_string(info.max_entries) + " x (" +
                           std::to_string(info.key_size) + " B key, " +
                           std::to_string(info.value_size) + " B value)";
        if (info.type == BPF_MAP_TYPE_PERCPU_HASH) {
            char predicted[64];
            std::snprintf(predicted, sizeof(predicted), "; formula: %.1f MiB",
                          predicted_flow_table_mib(info.max_entries, info.key_size,
                                                   info.value_size, ncpus));
            note += predicted;
        }
        print_row({"3 kernel memory", "--max-flows " + std::to_string(max_flows) + ": " +
                                          bpf_map__name(map),
                   "MiB", {mib, mib, mib}, std::nullopt, std::nullopt, note});
    }
    print_row({"3 kernel memory", "--max-flows " + std::to_string(max_flows) + ": all maps",
               "MiB", {total, total, total}, std::nullopt, std::nullopt,
               std::to_string(ncpus) + " possible CPUs (per interface monitored)"});
}

} // namespace
} // namespace netmon::bench

int main(int argc, char **argv)
{
    using namespace netmon::bench;
    std::vector<uint32_t> sizes = {65536, 1048576};
    CLI::App app{"Kernel memory of netmon-xdp's maps"};
    app.add_option("--max-flows", sizes, "Flow table sizes to load");
    CLI11_PARSE(app, argc, argv);
    try {
        for (uint32_t n : sizes)
            measure(n);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_map_memory: %s\n", e.what());
        return 1;
    }
    return 0;
}
