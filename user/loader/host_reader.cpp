#include "loader/host_reader.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "core/error.h"
#include "loader/percpu.h"

namespace netmon {

namespace {

MappedMemory map_rw(bpf_map *map, size_t value_size, const char *what)
{
    const size_t bytes = size_t{bpf_map__max_entries(map)} * value_size;
    void *addr = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, bpf_map__fd(map), 0);
    if (addr == MAP_FAILED)
        throw Error(errno_message(std::string("cannot map the ") + what, -errno));
    return {addr, bytes};
}

bool counted_any(const netmon_host_counters &c)
{
    for (uint32_t k = 0; k < NETMON_NUM_HOST_CLASSES; k++)
        if (c.received.packets[k] || c.sent.packets[k])
            return true;
    return false;
}

void add_direction(netmon_host_direction &to, const netmon_host_direction &from)
{
    for (uint32_t k = 0; k < NETMON_NUM_HOST_CLASSES; k++) {
        to.packets[k] += from.packets[k];
        to.bytes[k] += from.bytes[k];
    }
}

} // namespace

HostReader::HostReader(NetmonObject &obj) : obj_(obj)
{
    if (obj_.host_slots() == 0)
        return;
    counters_ = map_rw(obj_.host_counters_map(), sizeof(netmon_host_counters), "per-host counters");
    sources_ = map_rw(obj_.host_sources_map(), sizeof(netmon_host_sources), "per-host sources");
}

Count HostReader::read_unheld(uint32_t bank)
{
    const size_t ncpus = possible_cpus();
    std::vector<uint8_t> values(percpu_stride(sizeof(netmon_counter)) * ncpus);
    if (bpf_map_lookup_elem(obj_.host_unheld_fd(), &bank, values.data()))
        throw Error(errno_message("cannot read the per-host counters", -errno));
    const Count now = sum_percpu_counter(values.data(), ncpus);
    const Count delta = now - unheld_seen_[bank];
    unheld_seen_[bank] = now;
    return delta;
}

// Slot by slot over the CPUs' regions: a host that counted nothing in this
// bank costs a read of its packet words per CPU, and is neither copied nor
// written.
const HostHarvest &HostReader::collect()
{
    const uint32_t bank = (obj_.active_generation() - 1) % NETMON_NUM_BANKS;
    harvest_.hosts.clear();
    harvest_.unheld = read_unheld(bank);
    const uint32_t slots = obj_.host_slots();
    if (slots == 0)
        return harvest_;
    auto *counters = static_cast<netmon_host_counters *>(counters_.get());
    auto *sources = static_cast<netmon_host_sources *>(sources_.get());
    const uint32_t cpus = obj_.cpus();
    for (uint32_t slot = 0; slot < slots; slot++) {
        HostDelta *d = nullptr;
        for (uint32_t cpu = 0; cpu < cpus; cpu++) {
            const size_t at = size_t{netmon_host_region(bank, cpu, cpus)} * slots + slot;
            netmon_host_counters &c = counters[at];
            if (!counted_any(c))
                continue;
            if (!d) {
                d = &harvest_.hosts.emplace_back();
                d->slot = slot;
            }
            add_direction(d->counts.received, c.received);
            add_direction(d->counts.sent, c.sent);
            d->counts.syn_received += c.syn_received;
            for (uint32_t r = 0; r < NETMON_HLL_REGISTERS; r++)
                d->sources.reg[r] = std::max(d->sources.reg[r], sources[at].reg[r]);
            c = {};
            sources[at] = {};
        }
    }
    return harvest_;
}

} // namespace netmon
