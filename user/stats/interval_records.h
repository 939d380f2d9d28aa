// One interval's window records for a TalkerTable: the bytes each entry
// added in the interval, in ascending handle order, coded as LEB128
// varints (the handle's distance from the previous one, then the bytes)
// into pooled chunks.
//
// Why coded: the ring holds a record per active entry and interval for the
// longest window, 41 intervals. A fixed record (4-byte handle, 4-byte
// bytes) made that 656 MiB at 10^6 busy flows and sources; in handle order
// a busy table's handles are 1 apart, so a record takes ~3 bytes, and the
// bytes need no 4 GiB cap. Why in handle order: the passes that slide an
// interval out then walk the entries forward through memory instead of
// one random miss per record.
#pragma once

#include <cassert>
#include <cstdint>

#include "stats/chunked_records.h"

namespace netmon {

class IntervalRecords {
  public:
    using Pool = ChunkPool<uint8_t>;

    size_t size() const { return count_; }
    size_t chunks() const { return coded_.chunks(); }

    // Adds a record; handles must come in ascending order.
    void append(uint32_t handle, uint64_t bytes, Pool &pool)
    {
        assert(count_ == 0 || handle > last_handle_);
        put_varint(handle - last_handle_, pool);
        put_varint(bytes, pool);
        last_handle_ = handle;
        count_++;
    }

    // Calls fn(handle, bytes) for each record, in ascending handle order.
    template <class Fn> void for_each(Fn fn) const
    {
        uint32_t handle = 0;
        uint64_t value = 0;
        unsigned shift = 0;
        bool have_handle = false;
        coded_.for_each_span([&](const uint8_t *data, size_t n) {
            for (size_t i = 0; i < n; i++) {
                value |= uint64_t{data[i] & 0x7fu} << shift;
                shift += 7;
                if (data[i] & 0x80u)
                    continue; // a varint may go on in the next chunk
                if (have_handle) {
                    fn(handle, value);
                } else {
                    handle += static_cast<uint32_t>(value);
                }
                have_handle = !have_handle;
                value = 0;
                shift = 0;
            }
        });
    }

    // Empties the interval; its chunks go back to the pool.
    void clear(Pool &pool)
    {
        coded_.clear(pool);
        last_handle_ = 0;
        count_ = 0;
    }

  private:
    void put_varint(uint64_t v, Pool &pool)
    {
        while (v >= 0x80) {
            coded_.push_back(static_cast<uint8_t>(v | 0x80), pool);
            v >>= 7;
        }
        coded_.push_back(static_cast<uint8_t>(v), pool);
    }

    ChunkedRecords<uint8_t> coded_;
    uint32_t last_handle_ = 0;
    size_t count_ = 0;
};

} // namespace netmon
