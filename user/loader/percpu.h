// Layout of per-CPU map values as the kernel copies them to userspace:
// one value per *possible* CPU, each padded to 8 bytes.
#pragma once

#include <cstddef>
#include <cstdint>

#include "harvest/count.h"
#include "netmon/flow.h"

namespace netmon {

// libbpf_num_possible_cpus(), cached; throws netmon::Error if unknown.
size_t possible_cpus();

constexpr size_t percpu_stride(size_t value_size) { return (value_size + 7) & ~size_t{7}; }

// Sum of one per-CPU counter; `values` points at possible_cpus() copies.
Count sum_percpu_counter(const uint8_t *values, size_t ncpus);

} // namespace netmon
