// A TalkerTable's entries, addressed by handle: fixed-size chunks that are
// added as the table grows and never move.
//
// Why not a std::vector: a spoofed flood adds a new flow and a new source
// per frame, and a vector growing to 10^5..10^6 entries doubles and copies
// them ~20 times, faulting in fresh pages each time (chunked_records.h has
// the cost of such a fault on a VM). Measured with bench/flood.sh, the
// copies and faults were a third of the process's CPU. A chunk is faulted
// in once and stays: handles freed by ageing are reused before the slab
// grows, so a steady load allocates nothing.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <memory>
#include <vector>

namespace netmon {

template <class T> class EntrySlab {
  public:
    // About 64 KiB a chunk, a power of two of entries so a handle splits
    // into chunk and place with a shift and a mask.
    static constexpr size_t kPerChunk = std::bit_floor(std::max<size_t>(65536 / sizeof(T), 1));
    static constexpr size_t kShift = std::countr_zero(kPerChunk);

    T &operator[](size_t h) { return chunks_[h >> kShift][h & (kPerChunk - 1)]; }
    const T &operator[](size_t h) const { return chunks_[h >> kShift][h & (kPerChunk - 1)]; }

    // Handles in use are [0, size()).
    size_t size() const { return size_; }

    // Adds a default entry at handle size() and returns that handle.
    size_t add()
    {
        if (size_ == chunks_.size() * kPerChunk)
            chunks_.push_back(std::make_unique<T[]>(kPerChunk));
        return size_++;
    }

  private:
    std::vector<std::unique_ptr<T[]>> chunks_;
    size_t size_ = 0;
};

} // namespace netmon
