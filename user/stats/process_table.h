// Traffic per local process (top.processes): what the flows each process
// owns sent and received, with the same windows as the other lists.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "snapshot/snapshot.h"
#include "stats/keys.h"
#include "stats/owner_lookup.h"
#include "stats/talker_table.h"
#include "stats/window_spec.h"

namespace netmon {

// Processes the list holds at most; a new one beyond is refused and its
// traffic counted as refused (ProcessFigures).
inline constexpr size_t kMaxProcesses = 65536;

class ProcessTable {
  public:
    explicit ProcessTable(WindowSpec spec, size_t max_processes = kMaxProcesses)
        : table_(spec, {.forget_idle = false, .max_entries = max_processes})
    {
    }

    // Adds traffic of a flow the process owns.
    void add(const FlowOwner &owner, const Count &delta)
    {
        const auto h = table_.add(Key{owner.process->id}, delta);
        if (h == Table::kRefused)
            return;
        Extra &x = table_.at(h).extra;
        if (!x.process)
            x.process = owner.process;
        (owner.local_is_src ? x.sent : x.received) += delta;
    }

    void end_interval() { table_.end_interval(); }
    uint64_t size() const { return table_.size(); }
    const Count &refused_counts() const { return table_.refused_counts(); }

    // `window`: 0, 1, 2 for the 2 s, 10 s, 40 s window.
    std::vector<ProcessEntry> top_recent(size_t n, size_t window) const
    {
        return entries(table_.top_recent(n, window));
    }
    std::vector<ProcessEntry> top_total(size_t n) const { return entries(table_.top_total(n)); }

  private:
    struct Key {
        uint32_t id = 0;
        friend bool operator==(const Key &, const Key &) = default;
    };
    struct Hash {
        uint64_t operator()(const Key &k) const { return hash_bytes(k); }
    };
    struct Extra {
        std::shared_ptr<const ProcessInfo> process;
        Count sent;
        Count received;
    };
    using Table = TalkerTable<Key, Hash, Extra>;

    std::vector<ProcessEntry> entries(const std::vector<Table::Handle> &handles) const
    {
        std::vector<ProcessEntry> out;
        for (auto h : handles) {
            const auto &e = table_.at(h);
            out.push_back(
                {e.extra.process, e.extra.sent, e.extra.received, e.total, table_.rates(e)});
        }
        return out;
    }

    Table table_;
};

} // namespace netmon
