// send_frames IFACE MIX [--count N]: sends a named, deterministic mix of
// frames on IFACE through an AF_PACKET raw socket, then prints on stdout one
// JSON object saying what it sent, per class, for the end-to-end tests to
// compare with what netmon-xdp counted on the peer interface.
#include <CLI/CLI.hpp>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "core/fd.h"
#include "support/frame_builder.h"

namespace netmon::test {
namespace {

struct Endpoints {
    Mac src_mac, dst_mac;
    Ipv4Addr src4, dst4;
    Ipv6Addr src6, dst6;
};

// One frame of a mix and how the monitor should classify it.
struct MixFrame {
    Bytes bytes;
    std::string cls; // a key of the "classes" object
    bool vlan_tagged = false;
};

// Every class the report lists, also when a mix sends none of it.
const std::vector<std::string> kReportedClasses = {"tcp",    "udp",    "icmp",
                                                   "icmpv6", "non_ip", "ip_proto_47"};

// TCP, UDP, ICMP echo, ICMPv6 echo, ARP, VLAN IPv4 UDP, QinQ IPv6 TCP and
// GRE over six distinct flows (the two plain TCP frames share one).
std::vector<MixFrame> basic_mix(const Endpoints &e)
{
    auto eth = [&] { return FrameBuilder().ethernet(e.src_mac, e.dst_mac); };
    Bytes gre_inner = FrameBuilder().ipv4(e.src4, e.dst4).udp(40005, 5005).payload(32).build();
    return {
        {eth().ipv4(e.src4, e.dst4).tcp(40001, 8080, kTcpSyn).build(), "tcp"},
        {eth().ipv4(e.src4, e.dst4).tcp(40001, 8080, kTcpPsh | kTcpAck).payload(64).build(), "tcp"},
        {eth().ipv4(e.src4, e.dst4).udp(40002, 5001).payload(100).build(), "udp"},
        {eth().ipv4(e.src4, e.dst4).icmp(8, 0, 0x77, 1).payload(56).build(), "icmp"},
        {eth().ipv6(e.src6, e.dst6).icmpv6(128, 0, 0x77, 1).payload(56).build(), "icmpv6"},
        {eth().arp_request(e.src_mac, e.src4, e.dst4).build(), "non_ip"},
        {eth().vlan(100).ipv4(e.src4, e.dst4).udp(40003, 5002).payload(50).build(), "udp", true},
        {eth()
             .vlan(200, kEthQinQ)
             .vlan(300)
             .ipv6(e.src6, e.dst6)
             .tcp(40004, 8443, kTcpAck)
             .payload(20)
             .build(),
         "tcp", true},
        {eth().ipv4(e.src4, e.dst4).gre(kEthIpv4).bytes(gre_inner).build(), "ip_proto_47"},
    };
}

// `flows` distinct UDP flows (source ports 20000, 20001, ...), one frame each:
// to fill a flow table.
std::vector<MixFrame> udp_flows_mix(const Endpoints &e, unsigned flows)
{
    std::vector<MixFrame> mix;
    for (unsigned i = 0; i < flows; i++)
        mix.push_back({FrameBuilder()
                           .ethernet(e.src_mac, e.dst_mac)
                           .ipv4(e.src4, e.dst4)
                           .udp(static_cast<uint16_t>(20000 + i), 7000)
                           .payload(18)
                           .build(),
                       "udp"});
    return mix;
}

std::vector<MixFrame> mix_named(const std::string &name, const Endpoints &e, unsigned flows)
{
    if (name == "basic")
        return basic_mix(e);
    if (name == "udp-flows")
        return udp_flows_mix(e, flows);
    throw Error("unknown mix '" + name + "' (known: basic, udp-flows)", kExitUsage);
}

class RawSender {
  public:
    explicit RawSender(const std::string &iface)
    {
        unsigned index = if_nametoindex(iface.c_str());
        if (index == 0)
            throw Error(errno_message("no interface '" + iface + "'", errno), kExitUsage);
        // Protocol 0: this socket only sends, it receives nothing.
        fd_.reset(socket(AF_PACKET, SOCK_RAW, 0));
        if (!fd_)
            throw Error(errno_message("cannot open an AF_PACKET socket (needs CAP_NET_RAW)", errno),
                        errno == EPERM ? kExitNoPermission : kExitFailure);
        addr_.sll_family = AF_PACKET;
        addr_.sll_ifindex = static_cast<int>(index);
        addr_.sll_halen = 6;
    }

    // Sends one whole frame; a full device queue (ENOBUFS) is waited out.
    void send(const Bytes &frame)
    {
        std::memcpy(addr_.sll_addr, frame.data(), 6);
        for (int attempt = 0;; attempt++) {
            ssize_t n = sendto(fd_.get(), frame.data(), frame.size(), 0,
                               reinterpret_cast<const sockaddr *>(&addr_), sizeof(addr_));
            if (n == static_cast<ssize_t>(frame.size()))
                return;
            if (n >= 0)
                throw Error("short send: " + std::to_string(n) + " of " +
                            std::to_string(frame.size()) + " bytes");
            if (errno == EINTR)
                continue;
            if (errno != ENOBUFS || attempt >= kMaxRetries)
                throw Error(errno_message("cannot send a frame", errno));
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
    }

  private:
    static constexpr int kMaxRetries = 10000; // 2 s of a queue that never drains
    Fd fd_;
    sockaddr_ll addr_{};
};

struct Tally {
    uint64_t packets = 0;
    uint64_t bytes = 0;
    void add(const Bytes &f)
    {
        packets++;
        bytes += f.size();
    }
    nlohmann::json to_json() const { return {{"packets", packets}, {"bytes", bytes}}; }
};

nlohmann::json send_mix(RawSender &sender, const std::vector<MixFrame> &mix, unsigned count)
{
    Tally total, vlan;
    std::map<std::string, Tally> classes;
    for (const std::string &c : kReportedClasses)
        classes[c] = {};
    for (unsigned round = 0; round < count; round++) {
        for (const MixFrame &f : mix) {
            sender.send(f.bytes);
            total.add(f.bytes);
            classes[f.cls].add(f.bytes);
            if (f.vlan_tagged)
                vlan.add(f.bytes);
        }
    }
    nlohmann::json by_class = nlohmann::json::object();
    for (const auto &[name, tally] : classes)
        by_class[name] = tally.to_json();
    return {{"packets", total.packets},
            {"bytes", total.bytes},
            {"classes", by_class},
            {"vlan_tagged", vlan.to_json()}};
}

int run(int argc, char **argv)
{
    CLI::App app{"Send a deterministic mix of raw frames on an interface (test tool)"};
    std::string iface, mix = "basic";
    unsigned count = 1;
    unsigned flows = 16;
    std::string src_mac = "02:00:00:77:00:01", dst_mac = "02:00:00:77:00:02";
    std::string src4 = "10.77.0.1", dst4 = "10.77.0.2";
    std::string src6 = "fd00:77::1", dst6 = "fd00:77::2";
    app.add_option("iface", iface, "interface to send on")->required();
    app.add_option("mix", mix, "which mix of frames: basic, udp-flows")->required();
    app.add_option("--flows", flows, "distinct flows of the udp-flows mix")
        ->check(CLI::PositiveNumber);
    app.add_option("--count", count, "send the mix this many times")->check(CLI::PositiveNumber);
    app.add_option("--src-mac", src_mac, "source MAC");
    app.add_option("--dst-mac", dst_mac, "destination MAC");
    app.add_option("--src4", src4, "source IPv4 address");
    app.add_option("--dst4", dst4, "destination IPv4 address");
    app.add_option("--src6", src6, "source IPv6 address");
    app.add_option("--dst6", dst6, "destination IPv6 address");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        return app.exit(e) ? kExitUsage : kExitOk;
    }

    Endpoints e;
    try {
        e = {parse_mac(src_mac), parse_mac(dst_mac), parse_ipv4(src4),
             parse_ipv4(dst4),   parse_ipv6(src6),   parse_ipv6(dst6)};
    } catch (const std::invalid_argument &err) {
        throw Error(err.what(), kExitUsage);
    }
    std::vector<MixFrame> frames = mix_named(mix, e, flows);
    RawSender sender(iface);
    std::cout << send_mix(sender, frames, count).dump() << std::endl;
    return kExitOk;
}

} // namespace
} // namespace netmon::test

int main(int argc, char **argv)
{
    try {
        return netmon::test::run(argc, argv);
    } catch (const netmon::Error &e) {
        std::cerr << "send_frames: " << e.what() << "\n";
        return e.exit_code();
    }
}
