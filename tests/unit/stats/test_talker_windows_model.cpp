// TalkerTable's sliding windows against a plain model that keeps every
// key's bytes per interval: random adds (a few huge), erases and re-adds of
// the same keys over 120 intervals, with enough keys that an
// interval's coded records span more than one chunk. Every live key's total,
// windows and recency must match the model after every interval.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>

#include "stats/keys.h"
#include "stats/talker_table.h"

using namespace netmon;

namespace {

struct ModelEntry {
    Count total;
    std::map<size_t, uint64_t> bytes_by_interval;
};

HostKey host(uint32_t i)
{
    HostKey k{};
    k.kind = NETMON_KIND_IPV4;
    std::memcpy(k.addr.data(), &i, sizeof(i));
    return k;
}

// A window of n intervals right after a close: the n intervals closed last
// (and the current one, still empty).
uint64_t model_window(const ModelEntry &m, size_t current, size_t n)
{
    uint64_t sum = 0;
    for (const auto &[interval, bytes] : m.bytes_by_interval)
        if (interval + n >= current)
            sum += bytes;
    return sum;
}

using Table = TalkerTable<HostKey, KeyHash, char>;

} // namespace

TEST(TalkerTableModel, WindowsTotalsAndRecencyMatchAPlainModel)
{
    const WindowSpec spec = WindowSpec::for_interval(1.0); // 2, 10 and 40 intervals
    Table table(spec);
    std::map<uint32_t, ModelEntry> model;
    std::map<uint32_t, uint32_t> handle_of;
    std::mt19937_64 rng(17);
    constexpr uint32_t kKeys = 30000;
    size_t current = 0;

    for (size_t round = 0; round < 120; round++) {
        // Busy rounds touch most keys (records over several 64 KiB chunks),
        // quiet ones a few, so windows empty and keys stop being recent.
        const size_t adds = round % 50 < 10 ? 25000 : 300;
        for (size_t i = 0; i < adds; i++) {
            const auto k = static_cast<uint32_t>(rng() % kKeys);
            const uint64_t bytes =
                rng() % 1000 == 0 ? (uint64_t{1} << 33) + rng() % 1000 : 1 + rng() % 3000;
            const uint32_t h = table.add(host(k), Count{1, bytes});
            handle_of[k] = h;
            ModelEntry &m = model[k];
            m.total += Count{1, bytes};
            m.bytes_by_interval[current] += bytes;
        }
        // Erase some keys, mid-interval, some of them added to just now.
        for (int i = 0; i < 50; i++) {
            auto it = handle_of.lower_bound(static_cast<uint32_t>(rng() % kKeys));
            if (it == handle_of.end())
                continue;
            table.erase(it->second);
            model.erase(it->first);
            handle_of.erase(it);
        }
        table.end_interval();
        current++;

        ASSERT_EQ(table.size(), model.size()) << "after interval " << current - 1;
        for (auto &[k, m] : model) {
            // What has left every window no longer counts in the model.
            while (m.bytes_by_interval.size() > 1 &&
                   m.bytes_by_interval.begin()->first + spec.longest() < current)
                m.bytes_by_interval.erase(m.bytes_by_interval.begin());
            const auto *e = table.find(host(k), Table::hash_of(host(k)));
            ASSERT_NE(e, nullptr) << "key " << k;
            ASSERT_EQ(e->total, m.total) << "key " << k;
            for (size_t w = 0; w < 3; w++)
                ASSERT_EQ(e->window_bytes[w], model_window(m, current, spec.intervals[w]))
                    << "key " << k << ", window " << w << ", interval " << current;
            // Recent: its last add is still within the longest window.
            const bool recent = m.bytes_by_interval.rbegin()->first + spec.longest() >= current;
            ASSERT_EQ(Table::is_recent(*e), recent) << "key " << k << ", interval " << current;
        }
    }
}
