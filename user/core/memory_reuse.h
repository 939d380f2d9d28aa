// How the process's allocator gives memory back: kept for reuse up to a
// bound rather than returned to the kernel at each free.
#pragma once

namespace netmon {

// glibc's defaults serve a large block (from 128 KiB) with its own mmap and
// unmap it on free, and trim the heap once 128 KiB are free at its top. The
// poll allocates a few such blocks every interval (the interval's flow
// updates, hash tables growing under a flood), so each interval faulted
// them in afresh; on a VM a fault costs ~15 us, and under a spoofed flood
// the faults were a third of the process's CPU (bench/flood.sh). Blocks up
// to 32 MiB now come from the heap, and up to 64 MiB of free heap is kept.
// GLIBC_TUNABLES naming a malloc setting takes precedence.
void keep_freed_memory_for_reuse();

} // namespace netmon
