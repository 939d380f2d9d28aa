// An open-addressing hash index from keys to slab handles, for the
// userspace tables that fold every active flow each poll. Buckets hold the
// key's hash next to the handle, so a lookup usually touches one cache line
// of the index and then the one entry it finds — where a node-based
// std::unordered_map costs two or three misses per lookup at 10^6 entries.
#pragma once

#include <cstdint>
#include <vector>

namespace netmon {

class HandleIndex {
  public:
    static constexpr uint32_t kNone = UINT32_MAX;

    HandleIndex() { buckets_.resize(kInitialBuckets); }

    // The handle whose key has this hash and satisfies same_key(handle).
    template <class SameKey> uint32_t find(uint64_t hash, SameKey same_key) const
    {
        for (size_t i = hash & mask();; i = (i + 1) & mask()) {
            const Bucket &b = buckets_[i];
            if (b.handle == kNone)
                return kNone;
            if (b.hash == hash && same_key(b.handle))
                return b.handle;
        }
    }

    // Requests the bucket a lookup of this hash starts at.
    void prefetch(uint64_t hash) const { __builtin_prefetch(&buckets_[hash & mask()]); }

    // The first handle stored with this hash (its key may differ), or
    // kNone: what a lookup will most likely end at, to prefetch its entry.
    uint32_t candidate(uint64_t hash) const
    {
        return find(hash, [](uint32_t) { return true; });
    }

    // Adds a handle whose key is not in the index yet.
    void insert(uint64_t hash, uint32_t handle)
    {
        if ((size_ + 1) * 2 > buckets_.size())
            grow();
        place(hash, handle);
        size_++;
    }

    void erase(uint64_t hash, uint32_t handle)
    {
        size_t i = hash & mask();
        while (buckets_[i].handle != handle)
            i = (i + 1) & mask();
        erase_at(i);
    }

    size_t size() const { return size_; }

  private:
    struct Bucket {
        uint64_t hash = 0;
        uint32_t handle = kNone;
    };
    static constexpr size_t kInitialBuckets = 1024; // a power of two

    size_t mask() const { return buckets_.size() - 1; }

    void place(uint64_t hash, uint32_t handle)
    {
        size_t i = hash & mask();
        while (buckets_[i].handle != kNone)
            i = (i + 1) & mask();
        buckets_[i] = {hash, handle};
    }

    void grow()
    {
        std::vector<Bucket> old(buckets_.size() * 2);
        old.swap(buckets_);
        for (const Bucket &b : old)
            if (b.handle != kNone)
                place(b.hash, b.handle);
    }

    // Backward-shift deletion: no tombstones, so probes stay short however
    // many flows age out.
    void erase_at(size_t hole)
    {
        for (size_t j = (hole + 1) & mask(); buckets_[j].handle != kNone; j = (j + 1) & mask()) {
            size_t home = buckets_[j].hash & mask();
            bool stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!stays) {
                buckets_[hole] = buckets_[j];
                hole = j;
            }
        }
        buckets_[hole].handle = kNone;
        size_--;
    }

    std::vector<Bucket> buckets_;
    size_t size_ = 0;
};

} // namespace netmon
