// Storage for a TalkerTable's per-interval window records: fixed-size
// chunks that the table's intervals take from one pool and give back when
// their interval leaves the longest window. interval_records.h codes the
// records into these chunks as bytes.
//
// Why not a std::vector per interval: at 10^6 active flows an interval
// holds 10^6 records. A vector growing to that doubles and copies them ~20
// times, faulting in fresh pages each time; on a VM whose host takes freed
// pages back, such a fault costs ~15 us, and they cost more than the fold
// itself. Chunks never move, and an interval that leaves the window hands
// its chunks, already in memory, to the one that starts. (Huge pages were
// tried for the chunks: fewer faults, but some took 100s of ms.)
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <type_traits>
#include <vector>

namespace netmon {

template <class T> class ChunkPool {
  public:
    // 64 KiB: a quiet table's interval with a handful of records touches
    // one page; 10^6 coded records of ~3 bytes take ~46 chunks.
    static constexpr size_t kPerChunk = 65536 / sizeof(T);
    static_assert((kPerChunk & (kPerChunk - 1)) == 0, "records per chunk: a power of two");
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

    using Chunk = std::unique_ptr<T[]>;

    Chunk take()
    {
        if (spare_.empty())
            return std::make_unique_for_overwrite<T[]>(kPerChunk);
        Chunk c = std::move(spare_.back());
        spare_.pop_back();
        return c;
    }
    void give(Chunk c) { spare_.push_back(std::move(c)); }

    // Frees spare chunks beyond `keep`.
    void trim(size_t keep)
    {
        if (spare_.size() > keep)
            spare_.resize(keep);
    }

  private:
    std::vector<Chunk> spare_;
};

// One interval's records, appended in order and addressed by position.
template <class T> class ChunkedRecords {
  public:
    static constexpr size_t kPerChunk = ChunkPool<T>::kPerChunk;

    size_t size() const { return size_; }
    size_t chunks() const { return chunks_.size(); }

    T &operator[](size_t i) { return chunks_[i / kPerChunk][i % kPerChunk]; }
    const T &operator[](size_t i) const { return chunks_[i / kPerChunk][i % kPerChunk]; }

    void push_back(const T &value, ChunkPool<T> &pool)
    {
        if (size_ == chunks_.size() * kPerChunk)
            chunks_.push_back(pool.take());
        (*this)[size_++] = value;
    }

    // Calls fn(data, n) for each chunk's filled part, in order: a
    // sequential read without a division per element.
    template <class Fn> void for_each_span(Fn fn) const
    {
        size_t left = size_;
        for (const auto &c : chunks_) {
            const size_t n = std::min(left, kPerChunk);
            fn(c.get(), n);
            left -= n;
        }
    }

    // Empties the interval; its chunks go back to the pool.
    void clear(ChunkPool<T> &pool)
    {
        for (auto &c : chunks_)
            pool.give(std::move(c));
        chunks_.clear();
        size_ = 0;
    }

  private:
    std::vector<typename ChunkPool<T>::Chunk> chunks_;
    size_t size_ = 0;
};

} // namespace netmon
