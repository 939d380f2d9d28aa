// Userspace keys: a flow on one interface, and one host address.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>

#include "netmon/flow.h"

namespace netmon {

// 64-bit FNV-1a over a key's bytes; keys have no implicit padding.
template <class T> size_t hash_bytes(const T &value)
{
    const auto *p = reinterpret_cast<const uint8_t *>(&value);
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < sizeof(T); i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return static_cast<size_t>(h);
}

struct FlowTableKey {
    uint32_t iface = 0; // index into the monitored interfaces
    netmon_flow_key flow{};

    friend bool operator==(const FlowTableKey &a, const FlowTableKey &b)
    {
        return a.iface == b.iface && std::memcmp(&a.flow, &b.flow, sizeof(a.flow)) == 0;
    }
};
static_assert(sizeof(FlowTableKey) == 44, "no implicit padding");

struct HostKey {
    uint8_t kind = NETMON_KIND_L2; // enum netmon_flow_kind
    uint8_t pad[3] = {};
    std::array<uint8_t, 16> addr{};

    friend bool operator==(const HostKey &, const HostKey &) = default;
};
static_assert(sizeof(HostKey) == 20, "no implicit padding");

struct KeyHash {
    size_t operator()(const FlowTableKey &k) const { return hash_bytes(k); }
    size_t operator()(const HostKey &k) const { return hash_bytes(k); }
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
