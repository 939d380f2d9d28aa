#include "loader/percpu.h"

#include <bpf/libbpf.h>
#include <cstring>

#include "core/error.h"

namespace netmon {

size_t possible_cpus()
{
    static const int n = libbpf_num_possible_cpus();
    if (n <= 0)
        throw Error(errno_message("cannot read the number of possible CPUs", n));
    return static_cast<size_t>(n);
}

Count sum_percpu_counter(const uint8_t *values, size_t ncpus)
{
    constexpr size_t stride = percpu_stride(sizeof(netmon_counter));
    Count sum;
    for (size_t cpu = 0; cpu < ncpus; cpu++) {
        netmon_counter c;
        std::memcpy(&c, values + cpu * stride, sizeof(c));
        sum.packets += c.packets;
        sum.bytes += c.bytes;
    }
    return sum;
}

} // namespace netmon
