#include "replay/syn_destinations.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <string_view>

namespace netmon::replay {
namespace {

constexpr uint16_t kEthIpv4 = 0x0800, kEthIpv6 = 0x86dd, kEthVlan = 0x8100, kEthQinq = 0x88a8;
constexpr uint8_t kProtoTcp = 6, kTcpSyn = 0x02, kTcpAck = 0x10;
constexpr size_t kTcpFlagsOffset = 13;

uint16_t be16(std::span<const uint8_t> p, size_t at)
{
    return static_cast<uint16_t>(p[at] << 8 | p[at + 1]);
}

} // namespace

size_t SynDestinations::Hash::operator()(const Address &a) const
{
    return std::hash<std::string_view>()(
        std::string_view(reinterpret_cast<const char *>(a.data()), a.size()));
}

void SynDestinations::add(std::span<const uint8_t> p)
{
    if (p.size() < 14)
        return;
    uint16_t type = be16(p, 12);
    size_t at = 14;
    while ((type == kEthVlan || type == kEthQinq) && p.size() >= at + 4) {
        type = be16(p, at + 2);
        at += 4;
    }
    Address dst{};
    size_t tcp = 0;
    if (type == kEthIpv4 && p.size() >= at + 20) {
        const size_t ihl = size_t{p[at] & 0x0fu} * 4;
        // A later fragment has no TCP header.
        if (ihl < 20 || p[at + 9] != kProtoTcp || (be16(p, at + 6) & 0x1fff) != 0)
            return;
        dst[0] = 4;
        std::memcpy(&dst[1], &p[at + 16], 4);
        tcp = at + ihl;
    } else if (type == kEthIpv6 && p.size() >= at + 40) {
        if (p[at + 6] != kProtoTcp) // extension headers: not worth a guess
            return;
        dst[0] = 6;
        std::memcpy(&dst[1], &p[at + 24], 16);
        tcp = at + 40;
    } else {
        return;
    }
    if (p.size() <= tcp + kTcpFlagsOffset)
        return;
    const uint8_t flags = p[tcp + kTcpFlagsOffset];
    if (!(flags & kTcpSyn) || (flags & kTcpAck))
        return;
    syns_++;
    auto it = counts_.find(dst);
    if (it != counts_.end())
        it->second++;
    else if (counts_.size() < kMaxTracked)
        counts_.emplace(dst, 1);
}

std::vector<SynDestinations::Guess> SynDestinations::guess() const
{
    std::vector<std::pair<Address, uint64_t>> ranked(counts_.begin(), counts_.end());
    std::sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    std::vector<Guess> out;
    for (const auto &[addr, syns] : ranked) {
        if (out.size() == kMaxGuesses || syns * kShareDivisor < syns_)
            break;
        char text[INET6_ADDRSTRLEN] = {};
        const bool v4 = addr[0] == 4;
        inet_ntop(v4 ? AF_INET : AF_INET6, &addr[1], text, sizeof text);
        out.push_back({std::string(text) + (v4 ? "/32" : "/128"), syns});
    }
    return out;
}

} // namespace netmon::replay
