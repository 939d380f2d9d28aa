// The cumulative flow table in userspace: what the kernel's per-interval
// tables are folded into, where flows age out by last-seen time.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "harvest/harvest.h"
#include "snapshot/snapshot.h"
#include "stats/ageing_groups.h"
#include "stats/keys.h"
#include "stats/owner_lookup.h"
#include "stats/process_table.h"
#include "stats/talker_table.h"

namespace netmon {

struct FlowExtra {
    uint64_t first_seen_ns = 0; // BPF clock
    uint64_t last_seen_ns = 0;
    uint64_t ip_bytes = 0; // since the flow appeared, as FlowRecord
    uint64_t syn_packets = 0;
    uint8_t tcp_flags = 0;
    uint32_t ageing_group = AgeingGroups::kNoGroup; // see AgeingGroups
    FlowOwner owner;                                // the local process, once the join found it
};

class FlowTable {
  public:
    using Table = TalkerTable<FlowTableKey, KeyHash, FlowExtra>;

    // iface_names: the monitored interfaces, indexed by the fold() argument.
    // max_active: flows held at once (--max-active-flows); a new flow
    // beyond them is refused, its traffic counted in refused_counts().
    FlowTable(std::vector<std::string> iface_names, WindowSpec spec, size_t top_n,
              bool keep_aged_flows, size_t max_active = TalkerBounds{}.max_entries);

    // Folds one interval's flows of one interface, in the order given. With
    // `detail` (one Update per delta, in the same order), marks the updates
    // that started a flow or that the full table refused, and gives each
    // the flow's process.
    void fold(uint32_t iface, std::span<const FlowDelta> deltas,
              FlowDetail::Update *detail = nullptr);

    // Removes flows whose last packet is older than cutoff_ns (BPF clock);
    // their counts move to the aged-out figures. With `ended`, each removed
    // flow is also appended there (BPF-clock last-seen), the flows of older
    // intervals first.
    void age_out(uint64_t cutoff_ns, std::vector<FlowDetail::End> *ended = nullptr);

    void end_interval();

    // Joins each flow with no owner yet against `owners` at every fold (a
    // socket may be recorded after its first frames); null: no attribution.
    // The lookup must outlive the table.
    void set_owner_lookup(const OwnerLookup *owners) { owners_ = owners; }
    bool attributes_processes() const { return owners_ != nullptr; }
    const ProcessTable &processes() const { return processes_; }

    uint64_t active() const { return table_.size(); }
    const Count &active_counts() const { return active_counts_; }
    uint64_t aged_out() const { return aged_out_; }
    const Count &aged_out_counts() const { return aged_out_counts_; }
    // Traffic of new flows the table refused when full (in no flow), and
    // the bound.
    const Count &refused_counts() const { return table_.refused_counts(); }
    size_t max_active() const { return table_.bounds().max_entries; }

    // Records carry BPF-clock times; the caller converts them for display.
    // `window`: 0, 1, 2 for the 2 s, 10 s, 40 s window.
    std::vector<FlowRecord> top_recent(size_t n, size_t window = 2) const;
    // Top n by total over the whole run, aged-out flows included.
    std::vector<FlowRecord> top_total(size_t n) const;
    // Every flow of the run (needs keep_aged_flows for the aged-out ones).
    std::vector<FlowRecord> all_flows() const;

  private:
    // Folds one delta; with `detail`, marks it started when it made a new
    // flow and gives it the flow's process.
    void fold_one(uint32_t iface, const FlowDelta &d, uint64_t hash, FlowDetail::Update *detail);
    // Credits the flow's process; a flow joined only now brings its whole
    // total, so a process always holds exactly its flows' bytes.
    void attribute(Table::Entry &e, const Count &delta);
    FlowRecord record_of(const Table::Entry &e) const;
    uint32_t group_of(Table::Handle h) const { return table_.at(h).extra.ageing_group; }

    std::vector<std::string> iface_names_;
    Table table_;
    size_t top_n_;
    bool keep_aged_flows_;
    AgeingGroups ageing_;
    Count active_counts_;
    uint64_t aged_out_ = 0;
    Count aged_out_counts_;
    std::vector<FlowRecord> aged_top_;   // best top_n_ aged-out flows by bytes
    std::vector<FlowRecord> aged_flows_; // all of them, with keep_aged_flows
    const OwnerLookup *owners_ = nullptr;
    ProcessTable processes_;
};

} // namespace netmon
