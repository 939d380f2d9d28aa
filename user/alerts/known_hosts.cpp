#include "alerts/known_hosts.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <sstream>
#include <vector>

#include "core/bounded_file.h"
#include "core/error.h"
#include "core/excerpt.h"
#include "output/address_format.h"

namespace netmon::alerts {

namespace {

using Address = KnownHosts::Address;

bool parse_address(const std::string &text, Address &out, unsigned &max_bits)
{
    uint8_t v4[4];
    out = {};
    if (inet_pton(AF_INET, text.c_str(), v4) == 1) {
        out[10] = out[11] = 0xff;
        std::memcpy(&out[12], v4, 4);
        max_bits = 32;
        return true;
    }
    max_bits = 128;
    return inet_pton(AF_INET6, text.c_str(), out.data()) == 1;
}

Address masked(const uint8_t *addr, unsigned bits)
{
    Address a{};
    const unsigned whole = bits / 8;
    std::memcpy(a.data(), addr, whole);
    if (bits % 8)
        a[whole] = static_cast<uint8_t>(addr[whole] & (0xff << (8 - bits % 8)));
    return a;
}

// "a.b.c.d" for an IPv4-mapped address, RFC 5952 otherwise.
std::string address_text(const Address &a)
{
    static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    const bool v4 = std::memcmp(a.data(), mapped, 12) == 0;
    return format_address(v4 ? NETMON_KIND_IPV4 : NETMON_KIND_IPV6, a);
}

} // namespace

size_t KnownHosts::AddressHash::operator()(const Address &a) const noexcept
{
    uint64_t x, y;
    std::memcpy(&x, a.data(), 8);
    std::memcpy(&y, a.data() + 8, 8);
    uint64_t h = (x ^ 0x9e3779b97f4a7c15ull) * 0xff51afd7ed558ccdull;
    h = (h ^ y ^ (h >> 29)) * 0xc4ceb9fe1a85ec53ull;
    return static_cast<size_t>(h ^ (h >> 32));
}

void KnownHosts::load_file(const std::string &path)
{
    const std::string text =
        read_bounded_file(path, kMaxKnownHostsFileBytes, "--known-hosts").content;
    std::istringstream in(text);
    std::string line;
    for (size_t n = 1; std::getline(in, line); n++) {
        const size_t hash = line.find('#');
        if (hash != std::string::npos)
            line.erase(hash);
        const size_t b = line.find_first_not_of(" \t\r");
        if (b == std::string::npos)
            continue;
        const std::string entry = line.substr(b, line.find_last_not_of(" \t\r") + 1 - b);
        const size_t slash = entry.find('/');
        Address addr;
        unsigned max_bits = 0;
        unsigned bits = 0;
        bool ok = parse_address(entry.substr(0, slash), addr, max_bits);
        if (ok && slash == std::string::npos) {
            bits = max_bits;
        } else if (ok) {
            const std::string len = entry.substr(slash + 1);
            ok = !len.empty() && len.size() <= 3 &&
                 std::all_of(len.begin(), len.end(), [](char c) { return c >= '0' && c <= '9'; });
            bits = ok ? static_cast<unsigned>(std::stoul(len)) : 0;
            ok = ok && bits <= max_bits;
        }
        if (!ok)
            throw Error("--known-hosts '" + excerpt(path) + "' line " + std::to_string(n) + ": '" +
                            excerpt(entry) +
                            "' is not an address or CIDR (such as 192.0.2.7 or 10.0.0.0/8)",
                        kExitUsage);
        const unsigned bits128 = bits + (128 - max_bits);
        listed_[bits128].insert(masked(addr.data(), bits128));
    }
}

void KnownHosts::learn(const Snapshot &snap, double warmup_s)
{
    if (warm(warmup_s))
        return;
    if (snap.flow_detail) {
        for (const FlowDetail::Update &u : snap.flow_detail->updates) {
            if (u.key.kind != NETMON_KIND_IPV4 && u.key.kind != NETMON_KIND_IPV6)
                continue;
            for (const uint8_t *addr : {u.key.src, u.key.dst}) {
                Address a;
                std::memcpy(a.data(), addr, 16);
                if (learned_.size() < kMaxLearnedHosts)
                    learned_.insert(a);
                else if (!learned_.count(a))
                    dropped_++;
            }
        }
    }
    learned_s_ += snap.interval_s;
}

bool KnownHosts::known(const uint8_t *addr) const
{
    Address a;
    std::memcpy(a.data(), addr, 16);
    if (learned_.count(a))
        return true;
    for (const auto &[bits, set] : listed_)
        if (set.count(masked(addr, bits)))
            return true;
    return false;
}

nlohmann::json KnownHosts::to_json() const
{
    std::vector<Address> sorted(learned_.begin(), learned_.end());
    std::sort(sorted.begin(), sorted.end());
    nlohmann::json list = nlohmann::json::array();
    for (const Address &a : sorted)
        list.push_back(address_text(a));
    return {{"learned_s", learned_s_}, {"addresses", std::move(list)}};
}

void KnownHosts::from_json(const nlohmann::json &j)
{
    const double learned = j.at("learned_s").get<double>();
    if (!(learned >= 0))
        throw std::runtime_error("known_hosts.learned_s is negative");
    for (const auto &entry : j.at("addresses")) {
        const std::string text = entry.get<std::string>();
        Address a;
        unsigned max_bits;
        if (!parse_address(text, a, max_bits))
            throw std::runtime_error("'" + excerpt(text) + "' is not an address");
        if (learned_.size() < kMaxLearnedHosts)
            learned_.insert(a);
    }
    learned_s_ = learned;
}

} // namespace netmon::alerts
