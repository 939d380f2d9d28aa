// A TalkerTable bounded as the host tables are: entries idle for the
// longest window are forgotten (their counts kept aside), and a full table
// refuses new keys, counting their traffic. Against a plain model too.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <map>
#include <random>

#include "stats/keys.h"
#include "stats/talker_table.h"

using namespace netmon;

namespace {

using Table = TalkerTable<HostKey, KeyHash, char>;

constexpr TalkerBounds kForget{.forget_idle = true};

HostKey host(uint32_t i)
{
    HostKey k{};
    k.kind = NETMON_KIND_IPV4;
    std::memcpy(k.addr.data(), &i, sizeof(i));
    return k;
}

bool held(const Table &t, uint32_t i) { return t.find(host(i), Table::hash_of(host(i))); }

} // namespace

TEST(BoundedTalkerTable, ForgetsAnEntryIdleForTheLongestWindowAndKeepsItsCounts)
{
    Table t(WindowSpec::for_interval(1.0), kForget); // longest window: 40 intervals
    t.add(host(1), {3, 300});                        // interval 0, then idle
    for (int i = 0; i < 40; i++) {
        t.add(host(2), {1, 10}); // busy every interval
        t.end_interval();
    }
    // Interval 0 is still in the 40 s window: host 1 is held and ranked.
    ASSERT_TRUE(held(t, 1));
    EXPECT_EQ(t.top_recent(10).size(), 2u);
    EXPECT_EQ(t.forgotten(), 0u);

    t.add(host(2), {1, 10});
    t.end_interval(); // interval 0 leaves the 40 s window
    EXPECT_FALSE(held(t, 1));
    EXPECT_TRUE(held(t, 2));
    EXPECT_EQ(t.size(), 1u);
    EXPECT_EQ(t.forgotten(), 1u);
    EXPECT_EQ(t.forgotten_counts(), (Count{3, 300}));
    EXPECT_EQ(t.held_counts(), (Count{41, 410}));
    EXPECT_EQ(t.refused_counts(), (Count{}));
    ASSERT_EQ(t.top_recent(10).size(), 1u);
    EXPECT_EQ(t.at(t.top_recent(10)[0]).key, host(2));
}

TEST(BoundedTalkerTable, AForgottenKeyComesBackAsANewEntryInTheFreedSlot)
{
    Table t(WindowSpec::for_interval(1.0), kForget);
    const auto first = t.add(host(1), {1, 100});
    for (int i = 0; i < 41; i++)
        t.end_interval();
    ASSERT_FALSE(held(t, 1));
    const auto again = t.add(host(1), {2, 7});
    EXPECT_EQ(again, first); // the slot went back: memory follows active keys
    EXPECT_EQ(t.at(again).total, (Count{2, 7}));
    t.end_interval();
    EXPECT_EQ(t.at(again).window_bytes, (std::array<uint64_t, 3>{7, 7, 7}));
    EXPECT_EQ(t.held_counts() + t.forgotten_counts(), (Count{3, 107}));
}

TEST(BoundedTalkerTable, AFullTableRefusesNewKeysAndCountsTheirTraffic)
{
    Table t(WindowSpec::for_interval(1.0), {.forget_idle = true, .max_entries = 2});
    EXPECT_NE(t.add(host(1), {1, 10}), Table::kRefused);
    EXPECT_NE(t.add(host(2), {1, 20}), Table::kRefused);
    EXPECT_EQ(t.add(host(3), {4, 400}), Table::kRefused);
    EXPECT_EQ(t.add(host(4), {5, 500}), Table::kRefused);
    EXPECT_NE(t.add(host(1), {1, 10}), Table::kRefused); // held keys still add
    EXPECT_EQ(t.size(), 2u);
    EXPECT_FALSE(held(t, 3));
    EXPECT_EQ(t.refused_counts(), (Count{9, 900}));
    EXPECT_EQ(t.held_counts(), (Count{3, 40}));

    // Once host 2 is forgotten there is room again.
    for (int i = 0; i < 41; i++) {
        t.add(host(1), {1, 1});
        t.end_interval();
    }
    ASSERT_FALSE(held(t, 2));
    EXPECT_NE(t.add(host(3), {1, 30}), Table::kRefused);
    EXPECT_EQ(t.refused_counts(), (Count{9, 900}));
    EXPECT_EQ(t.held_counts() + t.forgotten_counts() + t.refused_counts(),
              (Count{3 + 41 + 1 + 9, 40 + 41 + 30 + 900}));
}

namespace {

struct ModelEntry {
    Count total;
    std::map<size_t, uint64_t> bytes_by_interval;
};

uint64_t model_window(const ModelEntry &m, size_t current, size_t n)
{
    uint64_t sum = 0;
    for (const auto &[interval, bytes] : m.bytes_by_interval)
        if (interval + n >= current)
            sum += bytes;
    return sum;
}

} // namespace

// Random adds to keys that come and go, with a cap below the busiest
// rounds' key count: the table holds exactly the keys the model holds, with
// the same totals and windows, and forgotten + held + refused is everything.
TEST(BoundedTalkerTableModel, MatchesAModelThatForgetsIdleKeysAndRefusesBeyondTheCap)
{
    const WindowSpec spec = WindowSpec::for_interval(1.0);
    constexpr size_t kCap = 12000;
    Table table(spec, {.forget_idle = true, .max_entries = kCap});
    std::map<uint32_t, ModelEntry> model;
    Count added, forgotten, refused;
    uint64_t forgotten_keys = 0;
    std::mt19937_64 rng(23);
    size_t current = 0;

    for (size_t round = 0; round < 150; round++) {
        // Busy rounds bring new keys (more than the cap); quiet ones touch
        // a few, so most keys go idle and are forgotten.
        const bool busy = round % 60 < 5;
        const size_t adds = busy ? 6000 : 200;
        for (size_t i = 0; i < adds; i++) {
            const auto k = static_cast<uint32_t>(rng() % (busy ? 100000 : 300));
            const Count c{1, 1 + rng() % 3000};
            added += c;
            const bool refused_now = table.add(host(k), c) == Table::kRefused;
            const bool known = model.contains(k);
            ASSERT_EQ(refused_now, !known && model.size() >= kCap) << "key " << k;
            if (refused_now) {
                refused += c;
                continue;
            }
            ModelEntry &m = model[k];
            m.total += c;
            m.bytes_by_interval[current] += c.bytes;
        }
        table.end_interval();
        current++;

        for (auto it = model.begin(); it != model.end();) {
            ModelEntry &m = it->second;
            if (m.bytes_by_interval.rbegin()->first + spec.longest() < current) {
                forgotten += m.total; // idle for the whole longest window
                forgotten_keys++;
                it = model.erase(it);
                continue;
            }
            while (m.bytes_by_interval.begin()->first + spec.longest() < current)
                m.bytes_by_interval.erase(m.bytes_by_interval.begin());
            ++it;
        }
        ASSERT_EQ(table.size(), model.size()) << "after interval " << current - 1;
        ASSERT_EQ(table.forgotten(), forgotten_keys);
        ASSERT_EQ(table.forgotten_counts(), forgotten);
        ASSERT_EQ(table.refused_counts(), refused);
        ASSERT_EQ(table.held_counts() + forgotten + refused, added);
        for (const auto &[k, m] : model) {
            const auto *e = table.find(host(k), Table::hash_of(host(k)));
            ASSERT_NE(e, nullptr) << "key " << k;
            ASSERT_EQ(e->total, m.total) << "key " << k;
            for (size_t w = 0; w < 3; w++)
                ASSERT_EQ(e->window_bytes[w], model_window(m, current, spec.intervals[w]))
                    << "key " << k << ", window " << w << ", interval " << current;
            ASSERT_TRUE(Table::is_recent(*e));
        }
    }
    EXPECT_GT(refused.packets, 0u);  // the cap did bite
    EXPECT_GT(forgotten_keys, kCap); // and keys came and went past it
}
