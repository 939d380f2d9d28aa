// The loaded BPF object: skeleton, maps and programs, owned by RAII.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/fd.h"
#include "core/mapped_memory.h"

#include "netmon/flow.h"
#include "netmon/host_counters.h"

struct netmon_bpf;
struct bpf_object;
struct bpf_map;

namespace netmon {

struct LoadOptions {
    uint32_t max_flows = 65536;          // per CPU and bank
    uint8_t clock = NETMON_CLOCK_COARSE; // enum netmon_clock
    // Programs beyond netmon_xdp, each verified at load (a second or more
    // on a busy machine): the TC egress counter, which replay never runs,
    // and replay's batch program (needs NETMON_CLOCK_REPLAY and bpf_loop).
    bool egress = true;
    bool replay_batches = false;
    // Flow regions per bank; 0: possible_cpus(), one per CPU id the program
    // can run on. Tests set fewer to check that the program bounds the id.
    uint32_t cpu_regions = 0;
    // The local networks' per-host table (netaddr/host_layout.h); no
    // networks: no host counted. Its sources_seed is set here, at load.
    netmon_host_config hosts{};
    // The seed of the sketches' source hash; none: a random one. Tests fix
    // it, so that an estimate's tolerance holds on every run, not on all
    // but the rare seed that puts it in the sketch's long tail.
    std::optional<uint64_t> sources_seed;
};

// --max-flows when not given: a budget of 131072 flows per interval spread
// over the CPUs' tables (receive-side scaling spreads flows over CPUs), but
// at least 8192 per CPU. Kernel memory grows with CPUs x --max-flows.
uint32_t default_max_flows();

class NetmonObject {
  public:
    // Opens, configures (.rodata, map sizes) and loads; throws netmon::Error.
    static std::unique_ptr<NetmonObject> load(const LoadOptions &opts);
    ~NetmonObject();
    NetmonObject(const NetmonObject &) = delete;
    NetmonObject &operator=(const NetmonObject &) = delete;

    // The skeleton stays in here: callers get fds, never programs.
    int xdp_prog_fd() const;
    int egress_prog_fd() const;       // the TC egress counter
    int filtered_out_prog_fd() const; // counts frames --filter rejects
    int filter_verdicts_fd() const;   // where the filter jumps to
    // The same on the egress hook (TC programs).
    int egress_filtered_out_prog_fd() const;
    int egress_filter_verdicts_fd() const;
    int counters_fd() const;
    // The ARRAY_OF_MAPS the flip re-stores an element of, and that element.
    int rcu_wait_fd() const;
    int rcu_wait_inner_fd() const;
    int flow_index_fd() const;
    int flow_records_fd() const;
    int records_used_fd() const;
    // The per-host maps (bpf/host_counters.h): host_reader.cpp maps them.
    bpf_map *host_counters_map() const;
    bpf_map *host_sources_map() const;
    int host_unheld_fd() const;
    uint32_t host_slots() const { return host_slots_; }
    // Cache-line buckets of each region's index (netmon_index_buckets).
    uint32_t index_buckets() const;
    // One (bank, CPU) region, as the kernel's memory, mapped: its
    // max_flows() records (in arrival order), its index of index_buckets()
    // buckets, and how many records it took.
    const netmon_flow_record *records(uint32_t bank, uint32_t cpu) const;
    netmon_index_bucket *index(uint32_t bank, uint32_t cpu) const;
    netmon_records_used &records_used(uint32_t bank, uint32_t cpu) const;
    // Bytes of those maps mapped into this process: the kernel maps them
    // whole at mmap, so they count in its RSS from then on (the kernel's
    // memory, not a copy).
    size_t mapped_bytes() const;
    uint32_t cpus() const { return cpus_; } // record regions per bank
    uint32_t max_flows() const { return max_flows_; }
    // For tools that inspect every map (bench/bench_map_memory).
    bpf_object *object() const;

    // Generation the program counts into (mmap'ed .bss); its low bit is
    // the bank. Only ever increased, except by tests. Stored with release
    // order: see the definition.
    uint32_t active_generation() const;
    void set_active_generation(uint32_t generation);
    // Replay clock (NETMON_CLOCK_REPLAY only).
    void set_replay_clock(uint64_t ns);
    // Replay only: the frame's length on the wire, counted as its bytes
    // (the frame handed to the test run may be padded or cut).
    void set_replay_frame_len(uint32_t len);

    // Replay's batches (loaded with NETMON_CLOCK_REPLAY only, see struct
    // netmon_replay_frame): the program, its entries (mmap'ed .bss, written
    // in place), and how many frames the last run counted.
    int replay_batch_prog_fd() const;
    netmon_replay_frame *replay_batch_entries();
    void set_replay_batch_frames(uint32_t n);
    uint32_t replay_batch_counted() const;

  private:
    NetmonObject(netmon_bpf *skel, uint32_t max_flows, uint32_t cpus)
        : skel_(skel), max_flows_(max_flows), cpus_(cpus)
    {
    }
    void install_rcu_wait();
    void size_host_table(const netmon_host_config &hosts, std::optional<uint64_t> sources_seed);
    void map_records();

    netmon_bpf *skel_;
    uint32_t max_flows_;
    uint32_t cpus_;
    uint32_t host_slots_ = 0;
    Fd rcu_wait_inner_;
    MappedMemory records_;      // flow_records
    MappedMemory index_;        // flow_index
    MappedMemory records_used_; // records_used
};

} // namespace netmon
