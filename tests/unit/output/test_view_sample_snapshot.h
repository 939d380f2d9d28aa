// A hand-built snapshot for the view tests: two interfaces (one gone), every
// kind of class and address, overflow, a filter and a notice. Its classes add
// up to its totals, as the stats module guarantees for real snapshots.
#pragma once

#include <arpa/inet.h>

#include <array>
#include <cstdint>
#include <string>

#include "snapshot/snapshot.h"

namespace netmon::test {

inline std::array<uint8_t, 16> ipv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
    return {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, a, b, c, d};
}

inline std::array<uint8_t, 16> ipv6(const char *text)
{
    std::array<uint8_t, 16> out{};
    inet_pton(AF_INET6, text, out.data());
    return out;
}

inline std::array<uint8_t, 16> mac(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint8_t e, uint8_t f)
{
    return {a, b, c, d, e, f};
}

inline netmon_flow_key flow_key(uint8_t kind, const std::array<uint8_t, 16> &src,
                                const std::array<uint8_t, 16> &dst, uint16_t sport, uint16_t dport,
                                uint8_t proto, uint16_t ethertype)
{
    netmon_flow_key key{};
    std::copy(src.begin(), src.end(), key.src);
    std::copy(dst.begin(), dst.end(), key.dst);
    key.sport = sport;
    key.dport = dport;
    key.proto = proto;
    key.ethertype = ethertype;
    key.kind = kind;
    return key;
}

inline TrafficSection section(const std::string &name, const ClassCounts &classes,
                              double interval_s, double elapsed_s)
{
    TrafficSection t;
    t.name = name;
    t.classes = classes;
    for (const Count &c : classes)
        t.total += c;
    t.interval = {t.total.packets / 4, t.total.bytes / 4};
    t.interval_rate = rate_of(t.interval, interval_s);
    t.average_rate = rate_of(t.total, elapsed_s);
    return t;
}

inline Snapshot sample_snapshot()
{
    Snapshot s;
    s.kind = Snapshot::Kind::Interval;
    s.source = "attach";
    s.filter = "not port 22";
    s.wall_time_ns = 1714564800'123456789ull; // 2024-05-01T12:00:00.123456789Z
    s.elapsed_s = 65.0;
    s.interval_s = 1.0;

    ClassCounts eth1{}, eth2{};
    eth1[6] = {1000, 1200000}; // TCP
    eth1[17] = {300, 120000};  // UDP
    eth1[1] = {10, 980};       // ICMP
    eth1[47] = {5, 700};       // GRE
    eth1[NETMON_CTR_OTHER_L2] = {3, 180};
    eth1[NETMON_CTR_MALFORMED_IP] = {2, 120};
    eth2[NETMON_CTR_ARP] = {20, 1200};
    eth2[6] = {7, 560};
    s.interfaces = {section("eth1", eth1, s.interval_s, s.elapsed_s),
                    section("eth2", eth2, s.interval_s, s.elapsed_s)};
    s.interfaces[1].gone = true;
    s.interfaces[0].overflow = {40, 48000};
    s.interfaces[0].filtered_out = {11, 1100};

    ClassCounts all{};
    for (size_t i = 0; i < all.size(); ++i)
        all[i] = eth1[i] + eth2[i];
    s.total = section("total", all, s.interval_s, s.elapsed_s);
    s.total.overflow = {40, 48000};
    s.total.filtered_out = {11, 1100};

    s.flows.active = 5;
    s.flows.aged_out = 2;
    s.flows.active_counts = {1200, 1100000};
    s.flows.aged_out_counts = {107, 175640};
    s.flows.overflow = {40, 48000};

    HostEntry v4{NETMON_KIND_IPV4, ipv4(10, 0, 0, 1), {1000, 1200000}, {4.8e6, 4.0e6, 1.2e6}};
    HostEntry v6{NETMON_KIND_IPV6, ipv6("2001:db8::1"), {300, 120000}, {480000, 96000, 24000}};
    HostEntry l2{
        NETMON_KIND_L2, mac(0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x01), {20, 1200}, {0, 960, 240}};
    s.top.sources = {v4, v6, l2}; // ranked, as the aggregator hands them over
    s.top.destinations = {v4};

    auto v4a = ipv4(10, 0, 0, 1), v4b = ipv4(10, 0, 0, 2);
    s.top.flows = {
        {"eth1",
         flow_key(NETMON_KIND_IPV4, v4a, v4b, 443, 51234, 6, 0x0800),
         {1000, 1200000},
         0,
         0,
         0x1b,
         {4.8e6, 4.0e6, 1.2e6}},
        {"eth1",
         flow_key(NETMON_KIND_IPV6, ipv6("2001:db8::1"), ipv6("2001:db8::53"), 40000, 53, 17,
                  0x86dd),
         {300, 120000},
         0,
         0,
         0,
         {480000, 96000, 24000}},
        {"eth2",
         flow_key(NETMON_KIND_L2, mac(0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x01),
                  mac(0xff, 0xff, 0xff, 0xff, 0xff, 0xff), 0, 0, 0, 0x0806),
         {20, 1200},
         0,
         0,
         0,
         {0, 960, 240}},
        {"eth1",
         flow_key(NETMON_KIND_IPV4, v4a, v4b, 0, 8 << 8, 1, 0x0800),
         {10, 980},
         0,
         0,
         0,
         {392, 392, 98}},
    };
    s.notices = {"interface eth2 disappeared"};
    return s;
}

// The sample as attached to both hooks: the totals split into received and
// sent, directions relative to 10.0.0.1/32, local and remote host lists.
inline Snapshot both_directions_snapshot()
{
    Snapshot s = sample_snapshot();
    s.direction = "both";
    s.local_nets = {"10.0.0.1/32", "2001:db8::/64"};
    // TCP was sent, the rest received; the totals keep their meaning.
    HookSection &in = s.total.hooks[NETMON_HOOK_INGRESS];
    HookSection &out = s.total.hooks[NETMON_HOOK_EGRESS];
    out.classes[6] = s.total.classes[6];
    in.classes = s.total.classes;
    in.classes[6] = {};
    for (HookSection *h : {&in, &out}) {
        for (const Count &c : h->classes)
            h->total += c;
        h->interval = {h->total.packets / 4, h->total.bytes / 4};
        h->interval_rate = rate_of(h->interval, s.interval_s);
        h->average_rate = rate_of(h->total, s.elapsed_s);
    }
    s.directions[static_cast<size_t>(Direction::Outbound)] = {
        {1000, 1200000}, {250, 300000}, {250, 2.4e6}};
    s.directions[static_cast<size_t>(Direction::Inbound)] = {
        {300, 120000}, {75, 30000}, {75, 240000}};
    s.directions[static_cast<size_t>(Direction::Other)] = {{7, 1640}, {1, 100}, {1, 800}};
    HostEntry local{NETMON_KIND_IPV4,      ipv4(10, 0, 0, 1), {1010, 1200980},
                    {4.8e6, 4.0e6, 1.2e6}, {1000, 1200000},   {10, 980}};
    HostEntry remote{NETMON_KIND_IPV4,      ipv4(10, 0, 0, 2), {1010, 1200980},
                     {4.8e6, 4.0e6, 1.2e6}, {10, 980},         {1000, 1200000}};
    s.top.local_hosts = {local};
    s.top.remote_hosts = {remote};
    return s;
}

} // namespace netmon::test
