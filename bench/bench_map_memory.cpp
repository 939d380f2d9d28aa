// bench_map_memory: kernel memory of every map of a loaded NetmonObject, as
// the kernel accounts it (memlock in /proc/self/fdinfo), next to what the
// formula netmon-xdp checks --max-flows with predicts for this machine's
// possible CPUs.
#include <CLI/CLI.hpp>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "bench_report.h"
#include "budget/flow_table_memory.h"
#include "loader/netmon_object.h"
#include "loader/percpu.h"

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

struct MapFigures {
    std::string name;
    bpf_map_info info{};
    double mib = 0;
};

MapFigures figures_of(int fd, std::string name)
{
    MapFigures f{std::move(name)};
    uint32_t len = sizeof(f.info);
    if (bpf_obj_get_info_by_fd(fd, &f.info, &len))
        throw std::runtime_error("cannot read map info of " + f.name);
    f.mib = memlock_bytes(fd) / double(1 << 20);
    return f;
}

std::string shape_of(const bpf_map_info &info)
{
    return std::string(libbpf_bpf_map_type_str(bpf_map_type(info.type))) + ", " +
           std::to_string(info.max_entries) + " x (" + std::to_string(info.key_size) + " B key, " +
           std::to_string(info.value_size) + " B value)";
}

void measure(uint32_t max_flows)
{
    progress("map memory, --max-flows " + std::to_string(max_flows));
    auto obj = NetmonObject::load({.max_flows = max_flows});
    const std::string what = "--max-flows " + std::to_string(max_flows) + ": ";
    double total = 0;
    bpf_map *map;
    bpf_object__for_each_map(map, obj->object())
    {
        if (bpf_map__fd(map) < 0)
            continue;
        MapFigures f = figures_of(bpf_map__fd(map), bpf_map__name(map));
        total += f.mib;
        print_row({"3 kernel memory",
                   what + f.name,
                   "MiB",
                   {f.mib, f.mib, f.mib},
                   std::nullopt,
                   std::nullopt,
                   shape_of(f.info)});
    }
    // The flow tables: records, index and record counts, against the
    // formula netmon-xdp checks --max-flows with (budget/).
    double tables_mib = 0;
    for (int fd : {obj->flow_records_fd(), obj->flow_index_fd(), obj->records_used_fd()})
        tables_mib += memlock_bytes(fd) / double(1 << 20);
    char note[160];
    std::snprintf(note, sizeof(note),
                  "%u regions of %u records + %u index buckets; formula: %.1f MiB",
                  NETMON_NUM_BANKS * obj->cpus(), max_flows, obj->index_buckets(),
                  flow_table_bytes(max_flows, obj->cpus()) / double(1 << 20));
    print_row({"3 kernel memory",
               what + "flow tables",
               "MiB",
               {tables_mib, tables_mib, tables_mib},
               std::nullopt,
               std::nullopt,
               note});
    print_row({"3 kernel memory",
               what + "all maps",
               "MiB",
               {total, total, total},
               std::nullopt,
               std::nullopt,
               std::to_string(possible_cpus()) + " possible CPUs (per interface monitored)"});
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
