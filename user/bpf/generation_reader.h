// Harvests one generation of the kernel's counters and flow tables per poll.
//
// The program counts into the generation `active_slot` names. A poll flips
// the slot, waits until no program can still be writing the old one, then
// reads the old slot's counters and drains its CPUs' flow tables. Every frame is
// counted in exactly one generation, and each generation is read only when
// idle, so no count falls between two polls or is read twice.
#pragma once

#include <array>
#include <vector>

#include "bpf/flow_drain.h"
#include "bpf/netmon_object.h"

namespace netmon {

class GenerationReader {
  public:
    // wait_for_readers: false only when nothing can run the program
    // concurrently (replay drives it synchronously with BPF_PROG_TEST_RUN).
    GenerationReader(NetmonObject &obj, bool wait_for_readers);

    // flip(), wait_for_readers() (unless constructed without), collect().
    // Valid until the next call.
    Harvest &harvest();

    // The three steps, for a caller that polls several objects: flip them
    // all, wait once — an RCU grace period covers every program on the
    // system — then collect each.
    void flip();
    void wait_for_readers();
    Harvest &collect();

  private:
    // One slot's counters, summed over CPUs, and the frames each CPU
    // counted into its classes (cumulative: never reset in the kernel).
    struct SlotCounters {
        HookCounters per_hook;
        std::vector<uint64_t> frames_per_cpu;
    };
    SlotCounters read_counters(uint32_t slot);
    // A CPU's table to drain, and the most flows it can hold: the frames
    // that CPU counted into the slot since its last drain (each adds at
    // most one flow), at most the table's size.
    struct BusyTable {
        uint32_t cpu;
        uint64_t bound;
    };
    void drain_flow_tables(uint32_t slot, const std::vector<BusyTable> &tables);

    NetmonObject &obj_;
    bool wait_for_readers_;
    uint32_t idle_ = 0; // the generation flip() retired
    // One per draining thread, kept between polls for their batch buffers.
    std::vector<FlowTableDrainer> drainers_;
    // Counters are never reset in the kernel: we keep what each slot held
    // at its last harvest and report the difference.
    std::array<HookCounters, NETMON_NUM_SLOTS> seen_{};
    // Frames each CPU counted into a slot's classes as of its last harvest:
    // a CPU whose count moved since has new flows in its table.
    std::array<std::vector<uint64_t>, NETMON_NUM_SLOTS> seen_cpu_frames_;
    std::vector<uint8_t> counter_values_;
    Harvest harvest_;
};

} // namespace netmon
