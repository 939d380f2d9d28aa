// --local-net: CIDR parsing and the direction of a flow relative to them.
#include <gtest/gtest.h>

#include <arpa/inet.h>

#include <cstring>

#include "core/error.h"
#include "netaddr/local_nets.h"

using namespace netmon;

namespace {

netmon_flow_key ip_key(const char *src, const char *dst)
{
    netmon_flow_key k{};
    in6_addr a{}, b{};
    in_addr a4{}, b4{};
    if (inet_pton(AF_INET, src, &a4) == 1 && inet_pton(AF_INET, dst, &b4) == 1) {
        k.kind = NETMON_KIND_IPV4;
        k.src[10] = k.src[11] = k.dst[10] = k.dst[11] = 0xff;
        std::memcpy(k.src + 12, &a4, 4);
        std::memcpy(k.dst + 12, &b4, 4);
    } else {
        EXPECT_EQ(inet_pton(AF_INET6, src, &a), 1);
        EXPECT_EQ(inet_pton(AF_INET6, dst, &b), 1);
        k.kind = NETMON_KIND_IPV6;
        std::memcpy(k.src, &a, 16);
        std::memcpy(k.dst, &b, 16);
    }
    return k;
}

} // namespace

TEST(LocalNets, ClassifiesFlowsByWhichEndIsLocal)
{
    LocalNets nets;
    nets.add("192.0.2.0/24");
    nets.add("2001:db8:1::/48");
    EXPECT_EQ(nets.classify(ip_key("198.51.100.7", "192.0.2.10")), Direction::Inbound);
    EXPECT_EQ(nets.classify(ip_key("192.0.2.10", "198.51.100.7")), Direction::Outbound);
    EXPECT_EQ(nets.classify(ip_key("192.0.2.10", "192.0.2.11")), Direction::Internal);
    EXPECT_EQ(nets.classify(ip_key("198.51.100.7", "203.0.113.1")), Direction::Other);
    EXPECT_EQ(nets.classify(ip_key("2001:db8:2::1", "2001:db8:1:ffff::1")), Direction::Inbound);
    EXPECT_EQ(nets.classify(ip_key("2001:db8:1::1", "2001:db8:2::1")), Direction::Outbound);
    netmon_flow_key arp{};
    arp.kind = NETMON_KIND_L2;
    arp.ethertype = 0x0806;
    EXPECT_EQ(nets.classify(arp), Direction::Other);
}

TEST(LocalNets, PrefixBoundariesAreExact)
{
    LocalNets nets;
    nets.add("10.1.2.128/25");
    nets.add("192.0.2.1"); // a bare address is a /32
    EXPECT_EQ(nets.classify(ip_key("10.1.2.128", "8.8.8.8")), Direction::Outbound);
    EXPECT_EQ(nets.classify(ip_key("10.1.2.255", "8.8.8.8")), Direction::Outbound);
    EXPECT_EQ(nets.classify(ip_key("10.1.2.127", "8.8.8.8")), Direction::Other);
    EXPECT_EQ(nets.classify(ip_key("192.0.2.2", "8.8.8.8")), Direction::Other);
    // An IPv4 network never matches an IPv6 address that merely shares bytes.
    EXPECT_EQ(nets.classify(ip_key("::a01:280", "2001:db8::1")), Direction::Other);
}

TEST(LocalNets, RejectsMalformedNetworksWithAUsageError)
{
    for (const char *bad :
         {"10.0.0.0/33", "2001:db8::/129", "10.0.0/8", "banana", "10.0.0.0/-1", ""}) {
        LocalNets nets;
        try {
            nets.add(bad);
            ADD_FAILURE() << "accepted '" << bad << "'";
        } catch (const Error &e) {
            EXPECT_EQ(e.exit_code(), kExitUsage) << bad;
        }
    }
}
