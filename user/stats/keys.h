// Userspace keys: a flow on one interface, and one host address.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>

#include "netmon/flow.h"

namespace netmon {

// A fast 64-bit hash of a key's bytes (keys have no implicit padding):
// 8 bytes at a time, each word mixed in with a multiply and a rotate, then
// a final avalanche (the murmur3 finaliser). Called for every flow folded.
template <class T> uint64_t hash_bytes(const T &value)
{
    const auto *p = reinterpret_cast<const uint8_t *>(&value);
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ sizeof(T);
    size_t i = 0;
    for (; i + 8 <= sizeof(T); i += 8) {
        uint64_t w;
        std::memcpy(&w, p + i, 8);
        h = (h ^ (w * 0xff51afd7ed558ccdULL)) * 0xc4ceb9fe1a85ec53ULL;
        h = (h << 31) | (h >> 33);
    }
    for (; i < sizeof(T); i++)
        h = (h ^ p[i]) * 0x100000001b3ULL;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

struct FlowTableKey {
    uint32_t iface = 0; // index into the monitored interfaces
    netmon_flow_key flow{};

    friend bool operator==(const FlowTableKey &a, const FlowTableKey &b)
    {
        return a.iface == b.iface && std::memcmp(&a.flow, &b.flow, sizeof(a.flow)) == 0;
    }
};
static_assert(sizeof(FlowTableKey) == 48, "no implicit padding");

struct HostKey {
    uint8_t kind = NETMON_KIND_L2; // enum netmon_flow_kind
    uint8_t pad[3] = {};
    std::array<uint8_t, 16> addr{};

    friend bool operator==(const HostKey &, const HostKey &) = default;
};
static_assert(sizeof(HostKey) == 20, "no implicit padding");

// A destination port of one protocol.
struct PortKey {
    uint8_t proto = 0;
    uint8_t pad = 0;
    uint16_t port = 0;

    friend bool operator==(const PortKey &, const PortKey &) = default;
};
static_assert(sizeof(PortKey) == 4, "no implicit padding");

struct KeyHash {
    uint64_t operator()(const FlowTableKey &k) const { return hash_bytes(k); }
    uint64_t operator()(const HostKey &k) const { return hash_bytes(k); }
    uint64_t operator()(const PortKey &k) const { return hash_bytes(k); }
};

inline HostKey source_of(const netmon_flow_key &k)
{
    HostKey h;
    h.kind = k.kind;
    std::memcpy(h.addr.data(), k.src, 16);
    return h;
}

inline HostKey destination_of(const netmon_flow_key &k)
{
    HostKey h;
    h.kind = k.kind;
    std::memcpy(h.addr.data(), k.dst, 16);
    return h;
}

} // namespace netmon
