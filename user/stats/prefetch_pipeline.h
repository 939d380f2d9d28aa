// Folding a harvest into a large table costs two dependent cache misses per
// item: the index bucket, then the entry it names. Run one after the other,
// each item waits out both. A pipeline asks for item i + kAhead's bucket and
// item i + kAhead/2's entry while it folds item i, so a dozen or so misses
// are in flight at once and the fold itself finds its memory in cache.
#pragma once

#include <array>
#include <cstddef>

namespace netmon {

// Far enough ahead to cover a DRAM miss behind a few folds, near enough
// that what was fetched is still in L1/L2 when it is used.
inline constexpr size_t kPrefetchAhead = 16;

// What a stage computes for item i (a hash, say) and a later stage reads:
// slot i % size() lives long enough, as no more than kPrefetchAhead + 1
// items are in the pipeline at once.
template <class T> using PipelineSlots = std::array<T, 2 * kPrefetchAhead>;

// Stage calls for each i in [0, n), in order of i within a stage:
// request_bucket(i) (hash the key, prefetch its bucket), kAhead / 2 items
// later request_entry(i) (the bucket is there: prefetch the entry), and
// kAhead items later fold(i).
template <class RequestBucket, class RequestEntry, class Fold>
void prefetch_pipeline(size_t n, RequestBucket request_bucket, RequestEntry request_entry,
                       Fold fold)
{
    constexpr size_t kAhead = kPrefetchAhead;
    constexpr size_t kHalf = kAhead / 2;
    for (size_t t = 0; t < n + kAhead; t++) {
        if (t < n)
            request_bucket(t);
        if (t >= kHalf && t - kHalf < n)
            request_entry(t - kHalf);
        if (t >= kAhead)
            fold(t - kAhead);
    }
}

// Prefetches the cache lines an object spans, for writing.
template <class T> inline void prefetch_object(const T *p)
{
    const char *bytes = reinterpret_cast<const char *>(p);
    for (size_t off = 0; off < sizeof(T); off += 64)
        __builtin_prefetch(bytes + off, 1);
    // A T not aligned to a line can end in one more.
    __builtin_prefetch(bytes + sizeof(T) - 1, 1);
}

} // namespace netmon
