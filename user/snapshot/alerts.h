// What the alert rules found (docs/alerts.md): the alerts active in an
// interval (Snapshot::alerts) and the events that start, update and end
// them (AlertEvent, published to the sinks next to the snapshots).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace netmon {

// What a per-key rule ("per dst host") groups by; None for a rule without "per".
struct AlertKey {
    enum class Kind : uint8_t { None, SrcHost, DstHost, DstPort, SrcNet, DstNet, Process };
    Kind kind = Kind::None;
    uint8_t addr_kind = 0; // enum netmon_flow_kind, for the host and net keys
    std::array<uint8_t, 16> addr{};
    uint8_t prefix = 0; // SrcNet/DstNet: prefix length in the address's family
    uint8_t proto = 0;  // DstPort: the transport the port belongs to
    uint16_t port = 0;
    // Process: the local process (docs/process.md), by pid and command name.
    uint32_t pid = 0;
    std::array<char, 16> comm{}; // NUL-terminated, as the kernel's

    friend bool operator==(const AlertKey &, const AlertKey &) = default;
};

struct ActiveAlert {
    std::string rule; // as given
    std::string name; // the rule's NAME, or the rule itself when it has none
    AlertKey key;
    std::string metric;             // pps, bps, flows, sources, share
    double value = 0;               // this interval's
    double threshold = 0;           // what value is compared with
    std::optional<double> baseline; // "Nx baseline" rules: the learned normal
    uint64_t since_ns = 0;          // Unix epoch ns: start of the first interval over
};

// The rules' state in one interval; present only when rules are given.
struct AlertSection {
    std::vector<ActiveAlert> active; // highest value/threshold first
    // Baseline rules still in their warm-up: silent until it ends.
    struct Learning {
        std::string rule;
        double remaining_s = 0;
    };
    std::vector<Learning> learning;
};

// Who contributed to an alert's value at the moment of an event, each with
// its packets and bytes in the interval (selected by the rule) and rates.
struct AlertContributor {
    std::string label; // address, "53/udp", or "10.0.0.1:53 > 10.0.0.2:4000 udp"
    uint64_t packets = 0;
    uint64_t bytes = 0; // frame bytes; 0 when the rule selects SYN packets only
    double pps = 0;
    double bps = 0;
};

struct AlertTop {
    std::vector<AlertContributor> sources;
    std::vector<AlertContributor> destinations;
    std::vector<AlertContributor> ports;
    std::vector<AlertContributor> flows;
};

struct AlertEvent {
    enum class State { Start, Update, End };
    State state = State::Start;
    ActiveAlert alert;
    uint64_t timestamp_ns = 0; // Unix epoch ns: the end of the interval
    std::string explain;       // how the value was computed, one line
    AlertTop top;
    // What the value was computed from: packets and bytes of the key in the
    // interval, over interval_s (the rate's divisor).
    uint64_t packets = 0;
    uint64_t bytes = 0;
    double interval_s = 0;
    // "sources" from the kernel's sketch: its relative error; 0: exact.
    double relative_error = 0;
    // A rule that read flows while the flow table overflowed: the frames
    // of the interval no flow held, which its value may lack.
    std::optional<std::array<uint64_t, 2>> unattributed; // packets, bytes
};
using AlertEventPtr = std::shared_ptr<const AlertEvent>;

inline const char *alert_state_name(AlertEvent::State state)
{
    switch (state) {
    case AlertEvent::State::Start:
        return "start";
    case AlertEvent::State::Update:
        return "update";
    case AlertEvent::State::End:
        break;
    }
    return "end";
}

} // namespace netmon
