// The egress program attached to one interface's TC egress hook.
//
// Preferred: a TCX bpf_link (Linux 6.6+), which the kernel removes when the
// process exits however it dies. Older kernels: a filter in a clsact qdisc,
// which outlives a killed process; netmon-xdp removes exactly what it added
// on exit, and `netmon-xdp detach IFACE` removes what a crash left behind
// (the filter sits at a fixed handle and priority so it can be found).
#pragma once

#include <cstdint>
#include <string>

#include "attach/interface.h"
#include "core/fd.h"

namespace netmon {

// Where the clsact fallback puts its filter ("nm"): fixed, so detach finds it.
constexpr uint32_t kTcFallbackHandle = 0x6e6d;
constexpr uint32_t kTcFallbackPriority = 0x6e6d;
// Set to 1 to skip TCX and use the clsact fallback (tests of the fallback).
constexpr const char *kForceTcFallbackEnv = "NETMON_FORCE_TC_FALLBACK";

class TcEgressAttachment {
  public:
    // notice receives a line for the user when the fallback is used.
    static TcEgressAttachment attach(int prog_fd, const Interface &iface, std::string &notice);
    ~TcEgressAttachment() { detach(); }
    TcEgressAttachment(TcEgressAttachment &&other) noexcept;
    TcEgressAttachment &operator=(TcEgressAttachment &&) = delete;
    TcEgressAttachment(const TcEgressAttachment &) = delete;

    // Idempotent; removes the fallback filter (and the clsact qdisc if we
    // created it) or closes the link.
    void detach();

  private:
    TcEgressAttachment(Interface iface) : iface_(std::move(iface)) {}

    Interface iface_;
    Fd link_;                   // TCX
    bool filter_added_ = false; // clsact fallback
    bool qdisc_created_ = false;
};

} // namespace netmon
