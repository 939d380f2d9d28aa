// Harvests one generation of the kernel's counters and flow tables per poll.
//
// The program counts into the generation `active_generation` names. A poll moves
// it on to the next generation (the other bank), waits until no program can
// still be writing the old one, then reads the old bank's counters and copies
// its CPUs' flow records through mmap. Every frame is counted in exactly one
// generation, and each generation is read only when idle, so no count falls
// between two polls or is read twice.
#pragma once

#include <array>
#include <vector>

#include "harvest/harvest.h"
#include "loader/netmon_object.h"

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
    // Whether harvest() waits for a grace period (false in replay).
    bool waits_for_readers() const { return wait_for_readers_; }

  private:
    // The counters of one bank, summed over CPUs (cumulative: never reset in
    // the kernel).
    HookCounters read_counters(uint32_t bank);
    // Copies the records of every CPU's region of `bank` into
    // harvest_.flows, clears the index slots they name, then gives the
    // regions back to the program.
    void copy_flow_records(uint32_t bank);

    NetmonObject &obj_;
    bool wait_for_readers_;
    uint32_t idle_ = 0; // the bank flip() retired
    size_t copy_threads_;
    // Counters are never reset in the kernel: we keep what each bank held
    // at its last harvest and report the difference.
    std::array<HookCounters, NETMON_NUM_BANKS> seen_{};
    std::vector<uint8_t> counter_values_;
    Harvest harvest_;
};

} // namespace netmon
