// The loaded BPF object: skeleton, maps and programs, owned by RAII.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/fd.h"

#include "netmon/flow.h"

struct netmon_bpf;
struct bpf_object;

namespace netmon {

struct LoadOptions {
    uint32_t max_flows = 65536;          // per CPU and flow-table generation
    uint8_t clock = NETMON_CLOCK_COARSE; // enum netmon_clock
    // Programs beyond netmon_xdp, each verified at load (a second or more
    // on a busy machine): the TC egress counter, which replay never runs,
    // and replay's batch program (needs NETMON_CLOCK_REPLAY and bpf_loop).
    bool egress = true;
    bool replay_batches = false;
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
    int flow_tables_fd() const; // the ARRAY_OF_MAPS
    // One CPU's flow table of one generation (slot).
    int flow_table_fd(uint32_t slot, uint32_t cpu) const;
    uint32_t cpus() const { return cpus_; } // flow tables per generation
    uint32_t max_flows() const { return max_flows_; }
    // For tools that inspect every map (bench/bench_map_memory).
    bpf_object *object() const;

    // Generation the program counts into (mmap'ed .bss).
    uint32_t active_slot() const;
    void set_active_slot(uint32_t slot);
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
    void create_flow_tables();
    void install_flow_tables();

    netmon_bpf *skel_;
    uint32_t max_flows_;
    uint32_t cpus_;
    std::vector<Fd> flow_tables_; // at netmon_flow_table_index()
};

} // namespace netmon
