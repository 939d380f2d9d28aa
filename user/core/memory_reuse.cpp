#include "core/memory_reuse.h"

#include <cstdlib>
#include <cstring>
#include <malloc.h>

namespace netmon {

namespace {
constexpr int kMmapThreshold = 32 << 20; // glibc's own ceiling for its adaptive threshold
constexpr int kTrimThreshold = 64 << 20;
} // namespace

void keep_freed_memory_for_reuse()
{
    const char *tunables = std::getenv("GLIBC_TUNABLES");
    if (tunables && std::strstr(tunables, "glibc.malloc."))
        return;
    mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
    mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
}

} // namespace netmon
