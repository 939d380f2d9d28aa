// Cumulative traffic per key (a flow, a source or a destination) with
// iftop's sliding windows, at a cost that follows activity, not table size.
//
// Each entry sums what it adds in the current interval; closing the
// interval stores those sums as the interval's records in a ring of the
// last N intervals (interval_records.h), and subtracts the records that
// slid out of each window.
// Entries live in a slab addressed by handle. An erased entry's handle is
// reused only once its last record has left the ring, so a record always
// names its own entry and needs no generation.
//
// Bounded (TalkerBounds): an entry whose last record leaves the ring, idle
// for the whole longest window, is forgotten on that same pass, its total
// kept in forgotten_counts(); and a table at max_entries refuses new keys,
// counting their traffic in refused_counts(). Memory and work then follow
// the keys active within the longest window, not every key ever seen.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

#include "stats/entry_slab.h"
#include "stats/handle_index.h"
#include "stats/interval_records.h"
#include "stats/prefetch_pipeline.h"

#include "snapshot/snapshot.h"
#include "stats/top_n.h"
#include "stats/window_spec.h"

namespace netmon {

struct TalkerBounds {
    // Forget an entry once it had no traffic for the longest window.
    bool forget_idle = false;
    // Entries held at most (< 2^31); a new key beyond them is refused.
    size_t max_entries = std::numeric_limits<int32_t>::max();
};

template <class Key, class Hash, class Extra> class TalkerTable {
  public:
    using Handle = uint32_t;
    // What add() returns for a key the full table refused.
    static constexpr Handle kRefused = HandleIndex::kNone;

    struct Entry {
        Key key{};
        uint64_t hash = 0;
        Count total;
        std::array<uint64_t, 3> window_bytes{}; // 2 s, 10 s, 40 s
        Extra extra{};
        // Intervals in the ring (the current one included) it added to.
        uint32_t ring_intervals = 0;
        int32_t recent_pos = -1;     // index in recent_ (< 2^31 handles), or -1
        uint64_t interval_bytes = 0; // added in the current interval
        bool live = false;
    };

    explicit TalkerTable(WindowSpec spec, TalkerBounds bounds = {})
        : spec_(spec), bounds_(bounds), ring_(spec.longest() + 1)
    {
    }

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

    // Adds traffic seen in the current interval; returns the entry's
    // handle, or kRefused (the traffic counted in refused_counts()).
    Handle add(const Key &key, const Count &delta) { return add(key, hash_of(key), delta); }
    // The same with the key's hash_of() already computed.
    Handle add(const Key &key, uint64_t hash, const Count &delta)
    {
        Handle h = index_.find(hash, [&](Handle x) { return slots_[x].key == key; });
        if (h == HandleIndex::kNone) {
            if (index_.size() >= bounds_.max_entries) {
                refused_counts_ += delta;
                return kRefused;
            }
            h = allocate(key, hash);
            index_.insert(hash, h);
        }
        held_counts_ += delta;
        Entry &e = slots_[h];
        e.total += delta;
        for (auto &w : e.window_bytes)
            w += delta.bytes;
        e.interval_bytes += delta.bytes;
        // One record per entry and interval, however many adds: a host or
        // port that many flows add to costs one, not one per flow.
        uint64_t &word = touched_[h / 64];
        const uint64_t bit = uint64_t{1} << (h % 64);
        if (!(word & bit)) {
            word |= bit;
            if (e.ring_intervals++ == 0) {
                e.recent_pos = static_cast<int32_t>(recent_.size());
                recent_.push_back(h);
            }
        }
        return h;
    }

    // Closes the current interval: every window slides by one interval.
    void end_interval()
    {
        store_current_interval();
        for (size_t w = 0; w < 2; w++) {
            if (current_ < spec_.intervals[w])
                continue;
            ring_[(current_ - spec_.intervals[w]) % ring_.size()].for_each(
                [&](Handle h, uint64_t bytes) {
                    if (Entry &e = slots_[h]; e.live)
                        e.window_bytes[w] -= bytes;
                });
        }
        // The ring has one slot more than the longest window, so the slot
        // the next interval reuses holds the interval that leaves the
        // longest window now: one pass slides it out of that window and
        // releases its records.
        const bool longest_slides = current_ >= spec_.longest();
        current_++;
        auto &expired = ring_[current_ % ring_.size()];
        expired.for_each([&](Handle h, uint64_t bytes) {
            Entry &e = slots_[h];
            if (longest_slides && e.live)
                e.window_bytes[2] -= bytes;
            if (--e.ring_intervals == 0) {
                if (!e.live)
                    release(h); // erased while its records were in the ring
                else if (bounds_.forget_idle)
                    forget(h); // idle for the longest window
                else
                    drop_recent(e);
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
        held_counts_ = held_counts_ - e.total;
        index_.erase(e.hash, h);
        e.live = false;
        if (e.ring_intervals)
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
    static bool is_recent(const Entry &e) { return e.ring_intervals > 0; }

    Entry &at(Handle h) { return slots_[h]; }
    const Entry &at(Handle h) const { return slots_[h]; }
    size_t size() const { return index_.size(); }
    const TalkerBounds &bounds() const { return bounds_; }

    // What the entries held now have added up (erased ones not included).
    const Count &held_counts() const { return held_counts_; }
    // Entries forgotten when idle for the longest window, and their totals.
    uint64_t forgotten() const { return forgotten_; }
    const Count &forgotten_counts() const { return forgotten_counts_; }
    // Traffic of new keys refused at max_entries: in no entry.
    const Count &refused_counts() const { return refused_counts_; }

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
        for (size_t h = 0; h < slots_.size(); h++)
            if (slots_[h].live)
                top.offer(static_cast<Handle>(h));
        return top.result();
    }

    // Entries active within the longest window.
    template <class Fn> void for_each_recent(Fn fn) const
    {
        for_each_recent_handle([&](Handle h) { fn(slots_[h]); });
    }

    template <class Fn> void for_each(Fn fn) const
    {
        for (size_t h = 0; h < slots_.size(); h++)
            if (const Entry &e = slots_[h]; e.live)
                fn(e);
    }

  private:
    // Moves each entry's sum for the closing interval into the interval's
    // ring slot, scanning the entries it marked in handle order.
    void store_current_interval()
    {
        auto &records = ring_[current_ % ring_.size()];
        for (size_t i = 0; i < touched_.size(); i++) {
            for (uint64_t word = touched_[i]; word != 0; word &= word - 1) {
                const auto h = static_cast<Handle>(i * 64 + std::countr_zero(word));
                Entry &e = slots_[h];
                records.append(h, e.interval_bytes, pool_);
                e.interval_bytes = 0;
            }
            touched_[i] = 0;
        }
    }

    // Called as its last record leaves the ring: nothing names it any more.
    void forget(Handle h)
    {
        Entry &e = slots_[h];
        forgotten_++;
        forgotten_counts_ += e.total;
        held_counts_ = held_counts_ - e.total;
        drop_recent(e);
        index_.erase(e.hash, h);
        release(h);
    }

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
            h = static_cast<Handle>(slots_.add());
            if (h % 64 == 0)
                touched_.push_back(0);
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
    TalkerBounds bounds_;
    Count held_counts_;
    uint64_t forgotten_ = 0;
    Count forgotten_counts_;
    Count refused_counts_;
    size_t current_ = 0; // number of the interval being filled
    IntervalRecords::Pool pool_;
    std::vector<IntervalRecords> ring_;
    EntrySlab<Entry> slots_;
    std::vector<uint64_t> touched_; // a bit per slot: added to this interval
    std::vector<Handle> free_;
    std::vector<Handle> recent_; // entries with records in the ring
    HandleIndex index_;
};

} // namespace netmon
