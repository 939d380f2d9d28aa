// Cumulative traffic per key (a flow, a source or a destination) with
// iftop's sliding windows, at a cost that follows activity, not table size.
//
// Each interval's additions are recorded in a ring of the last N intervals,
// one record per entry and interval; closing an interval subtracts the
// records that slid out of each window.
// Entries live in a slab addressed by handle. An erased entry's handle is
// reused only once its last record has left the ring, so a record always
// names its own entry and needs no generation: 8 bytes, where the records
// of 10^6 active flows over the 40 s window are most of the table's memory.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "stats/chunked_records.h"
#include "stats/handle_index.h"
#include "stats/prefetch_pipeline.h"

#include "snapshot/snapshot.h"
#include "stats/top_n.h"
#include "stats/window_spec.h"

namespace netmon {

template <class Key, class Hash, class Extra> class TalkerTable {
  public:
    using Handle = uint32_t;

    struct Entry {
        Key key{};
        uint64_t hash = 0;
        Count total;
        std::array<uint64_t, 3> window_bytes{}; // 2 s, 10 s, 40 s
        Extra extra{};
        uint32_t ring_records = 0; // records of this entry still in the ring
        int32_t recent_pos = -1;   // index in recent_ (< 2^31 handles), or -1
        // Its record in the current interval's ring slot, valid while
        // record_interval == current_ + 1 (0: none yet).
        uint32_t record_interval = 0;
        uint32_t record_pos = 0;
        bool live = false;
    };

    explicit TalkerTable(WindowSpec spec) : spec_(spec), ring_(spec.longest() + 1) {}

    static uint64_t hash_of(const Key &key) { return Hash{}(key); }

    // Calls fold(i, hash_of(key_at(i))) for each i in [0, n), in order,
    // through prefetch_pipeline: a key's index bucket and then (once that
    // is in cache) the entry it names are requested ahead of its fold,
    // which adds it.
    template <class KeyAt, class Fold> void fold_prefetched(size_t n, KeyAt key_at, Fold fold)
    {
        PipelineSlots<uint64_t> hashes;
        auto hash = [&](size_t i) -> uint64_t & { return hashes[i % hashes.size()]; };
        prefetch_pipeline(
            n,
            [&](size_t i) {
                hash(i) = hash_of(key_at(i));
                index_.prefetch(hash(i));
            },
            [&](size_t i) {
                if (Handle h = index_.candidate(hash(i)); h != HandleIndex::kNone)
                    prefetch_object(&slots_[h]);
            },
            [&](size_t i) { fold(i, hash(i)); });
    }

    // Adds traffic seen in the current interval; returns the entry's handle.
    Handle add(const Key &key, const Count &delta) { return add(key, hash_of(key), delta); }
    // The same with the key's hash_of() already computed.
    Handle add(const Key &key, uint64_t hash, const Count &delta)
    {
        Handle h = index_.find(hash, [&](Handle x) { return slots_[x].key == key; });
        if (h == HandleIndex::kNone) {
            h = allocate(key, hash);
            index_.insert(hash, h);
        }
        Entry &e = slots_[h];
        e.total += delta;
        for (auto &w : e.window_bytes)
            w += delta.bytes;
        // One record per entry and interval, however many adds: a host or
        // port that many flows add to costs one, not one per flow.
        auto &records = ring_[current_ % ring_.size()];
        const auto interval = static_cast<uint32_t>(current_ + 1);
        uint64_t bytes = delta.bytes;
        if (e.record_interval == interval) {
            uint32_t &held = records[e.record_pos].bytes;
            const uint64_t part = std::min<uint64_t>(bytes, UINT32_MAX - held);
            held += static_cast<uint32_t>(part);
            bytes -= part;
            if (bytes == 0)
                return h;
        }
        // A first record for this interval, or more once 4 GiB filled one.
        e.record_interval = interval;
        do {
            const auto part = static_cast<uint32_t>(std::min<uint64_t>(bytes, UINT32_MAX));
            e.record_pos = static_cast<uint32_t>(records.size());
            records.push_back({h, part}, pool_);
            bytes -= part;
            if (e.ring_records++ == 0) {
                e.recent_pos = static_cast<int32_t>(recent_.size());
                recent_.push_back(h);
            }
        } while (bytes > 0);
        return h;
    }

    // Closes the current interval: every window slides by one interval.
    void end_interval()
    {
        for (size_t w = 0; w < 2; w++) {
            if (current_ < spec_.intervals[w])
                continue;
            const auto &slid_out = ring_[(current_ - spec_.intervals[w]) % ring_.size()];
            for_each_prefetched(
                slid_out.size(), [&](size_t i) { return slid_out[i].handle; },
                [&](size_t i) {
                    if (Entry &e = slots_[slid_out[i].handle]; e.live)
                        e.window_bytes[w] -= slid_out[i].bytes;
                });
        }
        // The ring has one slot more than the longest window, so the slot
        // the next interval reuses holds the interval that leaves the
        // longest window now: one pass slides it out of that window and
        // releases its records (a pass is a random miss per record).
        const bool longest_slides = current_ >= spec_.longest();
        current_++;
        auto &expired = ring_[current_ % ring_.size()];
        for_each_prefetched(
            expired.size(), [&](size_t i) { return expired[i].handle; },
            [&](size_t i) {
                const Handle h = expired[i].handle;
                Entry &e = slots_[h];
                if (longest_slides && e.live)
                    e.window_bytes[2] -= expired[i].bytes;
                if (--e.ring_records == 0) {
                    if (e.live)
                        drop_recent(e);
                    else
                        release(h); // erased while its records were in the ring
                }
            });
        expired.clear(pool_);
        // Spare chunks for one interval like the busiest still in the
        // window: a steady load reuses its chunks, while a burst's memory
        // goes once the burst has left every window.
        size_t busiest = 0;
        for (const auto &slot : ring_)
            busiest = std::max(busiest, slot.chunks());
        pool_.trim(busiest);
    }

    void erase(Handle h)
    {
        Entry &e = slots_[h];
        index_.erase(e.hash, h);
        e.live = false;
        if (e.ring_records)
            drop_recent(e); // and the slot waits for its records to leave the ring
        else
            release(h);
    }

    // The entry of a key, or nullptr, given the key's hash_of() (a table
    // with the same Key and Hash stores it in Entry::hash).
    const Entry *find(const Key &key, uint64_t hash) const
    {
        Handle h = index_.find(hash, [&](Handle x) { return slots_[x].key == key; });
        return h == HandleIndex::kNone ? nullptr : &slots_[h];
    }
    // Whether the entry had traffic within the longest window.
    static bool is_recent(const Entry &e) { return e.ring_records > 0; }

    Entry &at(Handle h) { return slots_[h]; }
    const Entry &at(Handle h) const { return slots_[h]; }
    size_t size() const { return index_.size(); }

    // Window rates in bits per second; a window longer than the run so far
    // is averaged over the time elapsed.
    WindowRates rates(const Entry &e) const
    {
        double secs[3];
        for (size_t w = 0; w < 3; w++)
            secs[w] =
                spec_.interval_s * static_cast<double>(std::min(spec_.intervals[w], current_));
        auto bps = [](uint64_t bytes, double s) { return s > 0 ? bytes * 8.0 / s : 0.0; };
        return {bps(e.window_bytes[0], secs[0]), bps(e.window_bytes[1], secs[1]),
                bps(e.window_bytes[2], secs[2])};
    }

    // Top n of the entries active within the longest window, by their
    // bytes in `window` (0: 2 s, 1: 10 s, 2: 40 s).
    std::vector<Handle> top_recent(size_t n, size_t window = 2) const
    {
        auto score = [this, window](Handle h) { return slots_[h].window_bytes[window]; };
        TopN<Handle, decltype(score)> top(n, score);
        for_each_recent_handle([&](Handle h) { top.offer(h); });
        return top.result();
    }

    // Top n of all entries by total bytes: a full scan, for final reports.
    std::vector<Handle> top_total(size_t n) const
    {
        auto score = [this](Handle h) { return slots_[h].total.bytes; };
        TopN<Handle, decltype(score)> top(n, score);
        for (Handle h = 0; h < slots_.size(); h++)
            if (slots_[h].live)
                top.offer(h);
        return top.result();
    }

    // Entries active within the longest window.
    template <class Fn> void for_each_recent(Fn fn) const
    {
        for_each_recent_handle([&](Handle h) { fn(slots_[h]); });
    }

    template <class Fn> void for_each(Fn fn) const
    {
        for (const Entry &e : slots_)
            if (e.live)
                fn(e);
    }

  private:
    struct Record {
        Handle handle;
        uint32_t bytes; // the entry's in this interval, up to 4 GiB a record
    };
    static_assert(sizeof(Record) == 8);

    void release(Handle h)
    {
        slots_[h] = Entry{};
        free_.push_back(h);
    }

    Handle allocate(const Key &key, uint64_t hash)
    {
        Handle h;
        if (!free_.empty()) {
            h = free_.back();
            free_.pop_back();
        } else {
            h = static_cast<Handle>(slots_.size());
            slots_.emplace_back();
        }
        slots_[h].key = key;
        slots_[h].hash = hash;
        slots_[h].live = true;
        return h;
    }

    // Visits fn(i) for i in [0, n), prefetching the entry handle_at(i)
    // names a few items ahead: handles come in no order of memory.
    template <class HandleAt, class Fn>
    void for_each_prefetched(size_t n, HandleAt handle_at, Fn fn) const
    {
        constexpr size_t kAhead = 8;
        for (size_t i = 0; i < n; i++) {
            if (i + kAhead < n)
                prefetch_object(&slots_[handle_at(i + kAhead)]);
            fn(i);
        }
    }

    // Entries active within the longest window, by handle, in recent_ order.
    template <class Fn> void for_each_recent_handle(Fn fn) const
    {
        for_each_prefetched(
            recent_.size(), [&](size_t i) { return recent_[i]; },
            [&](size_t i) { fn(recent_[i]); });
    }

    void drop_recent(Entry &e)
    {
        Handle moved = recent_.back();
        recent_[e.recent_pos] = moved;
        slots_[moved].recent_pos = e.recent_pos;
        recent_.pop_back();
        e.recent_pos = -1;
    }

    WindowSpec spec_;
    size_t current_ = 0; // number of the interval being filled
    ChunkPool<Record> pool_;
    std::vector<ChunkedRecords<Record>> ring_;
    std::vector<Entry> slots_;
    std::vector<Handle> free_;
    std::vector<Handle> recent_; // entries with records in the ring
    HandleIndex index_;
};

} // namespace netmon
