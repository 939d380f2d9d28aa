// An alert rule, parsed (grammar and meaning: docs/alerts.md):
//   [NAME ":"] [SELECTOR] ["per" KEY] COND {"and" COND} ["for" DURATION]
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "snapshot/alerts.h"

namespace netmon::alerts {

// One node of the selector: tcpdump-style primitives over what a flow
// holds, combined with and/or/not.
struct Selector {
    enum class Op {
        And,
        Or,
        Not,
        Proto,   // `proto`: IP protocol number; `family`: 0 any, 4 or 6 only
        Family,  // ip, ip6
        Host,    // [src|dst] host
        Net,     // [src|dst] net
        Port,    // [src|dst] port: TCP, UDP or SCTP with that port
        Syn,     // the SYN-without-ACK packets of TCP flows
        TcpFlag, // rst, fin: TCP flows whose packets of the interval carried it
        Arp,     // frames of EtherType 0x0806
        Inbound, // relative to --local-net
        Outbound,
        Internal,
        New,     // new src|dst host: an address not learned nor in --known-hosts
        Process, // process NAME: flows whose local socket a process of that name owns
    };
    enum class Side { Either, Src, Dst };

    Op op = Op::And;
    Side side = Side::Either;
    uint8_t proto = 0;
    uint8_t family = 0;             // 4, 6 or 0
    uint8_t tcp_flag = 0;           // TcpFlag: the flag's bit
    std::array<uint8_t, 16> addr{}; // Host/Net; IPv4 as IPv4-mapped IPv6
    unsigned prefix_bits = 128;     // Net, of the 128
    uint16_t port = 0;
    std::string process;                   // Process: the command name, cut as the kernel cuts it
    std::unique_ptr<Selector> left, right; // And/Or: both; Not: left
};

enum class Metric { Pps, Bps, Flows, Sources, Share };
const char *metric_name(Metric m);

// One COND: METRIC > VALUE or METRIC < VALUE.
struct Condition {
    Metric metric = Metric::Pps;
    bool below = false; // '<'
    // The threshold: `value`, or `multiplier` times the learned baseline
    // (for '>', never under baseline_floor(metric)).
    double value = 0;
    bool baseline = false;
    double multiplier = 0;
};

struct Rule {
    std::string text;                   // as given, trimmed
    std::string name;                   // NAME, or the text when there is none
    std::string selector_text;          // the SELECTOR part as given ("" for none)
    std::unique_ptr<Selector> selector; // null: every flow
    AlertKey::Kind key = AlertKey::Kind::None;
    uint8_t key_prefix = 0;            // "per src|dst net /N": N
    std::vector<Condition> conditions; // all must hold; the first is reported
    double duration_s = 0;             // "for D"; 0: the first interval over starts it
    // The selector may pick part of a flow's packets (`syn`): then the
    // bytes of what it picks are unknown, and bps is refused.
    bool partial_packets = false;
    // The selector holds `new`: silent until the known hosts are learned.
    bool uses_new_hosts = false;
    // `per process` or `process NAME`: needs process attribution.
    bool uses_processes = false;

    const Condition &primary() const { return conditions.front(); }
    bool any_baseline() const;
    bool wants(Metric m) const;

    // Baselines are learned per selector, key and metric, whatever the
    // multiplier: conditions that differ only there share one.
    std::string baseline_id(const Condition &c) const;
};

} // namespace netmon::alerts
