#include <gtest/gtest.h>

#include <cstring>

#include "process/socket_join.h"

using netmon::process::SocketEntry;
using netmon::process::SocketJoin;
using netmon::process::SocketMatch;

namespace {

constexpr uint32_t kNetns = 4026532174;

void v4(uint8_t out[16], uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
    std::memset(out, 0, 16);
    out[10] = out[11] = 0xff;
    out[12] = a;
    out[13] = b;
    out[14] = c;
    out[15] = d;
}

netmon_flow_key flow(uint8_t proto, uint8_t src_last, uint16_t sport, uint8_t dst_last,
                     uint16_t dport, uint8_t hook)
{
    netmon_flow_key k{};
    v4(k.src, 10, 0, 0, src_last);
    v4(k.dst, 10, 0, 0, dst_last);
    k.sport = sport;
    k.dport = dport;
    k.proto = proto;
    k.kind = NETMON_KIND_IPV4;
    k.ethertype = 0x0800;
    k.hook = hook;
    return k;
}

SocketEntry entry(uint8_t proto, uint8_t local_last, uint16_t local_port, uint8_t remote_last,
                  uint16_t remote_port, uint32_t tgid, uint32_t netns = kNetns)
{
    SocketEntry e{};
    if (local_last)
        v4(e.key.local, 10, 0, 0, local_last);
    if (remote_last)
        v4(e.key.remote, 10, 0, 0, remote_last);
    e.key.local_port = local_port;
    e.key.remote_port = remote_port;
    e.key.proto = proto;
    e.key.netns = netns;
    e.owner.tgid = tgid;
    std::strcpy(e.owner.comm, "proc");
    return e;
}

enum class LocalEnd { Src, Dst };

// Whether the flow joins to process tgid with its local end where expected:
// the check every found flow gets, failing with what was found instead.
testing::AssertionResult joins(const SocketJoin &join, const netmon_flow_key &flow, uint32_t tgid,
                               LocalEnd local)
{
    const SocketMatch m = join.find(flow);
    if (!m.owner)
        return testing::AssertionFailure() << "no process";
    if (m.owner->tgid != tgid)
        return testing::AssertionFailure() << "process " << m.owner->tgid;
    if (m.local_is_src != (local == LocalEnd::Src))
        return testing::AssertionFailure()
               << "local end is the " << (m.local_is_src ? "source" : "destination");
    return testing::AssertionSuccess();
}

} // namespace

TEST(SocketJoin, ConnectedSocketOwnsBothDirections)
{
    SocketJoin join(kNetns);
    join.assign({entry(6, 1, 40000, 2, 5201, 100)});
    EXPECT_TRUE(joins(join, flow(6, 1, 40000, 2, 5201, NETMON_HOOK_EGRESS), 100, LocalEnd::Src));
    EXPECT_TRUE(joins(join, flow(6, 2, 5201, 1, 40000, NETMON_HOOK_INGRESS), 100, LocalEnd::Dst));
}

TEST(SocketJoin, OtherPeerPortOrProtocolIsNoProcess)
{
    SocketJoin join(kNetns);
    join.assign({entry(6, 1, 40000, 2, 5201, 100)});
    EXPECT_EQ(join.find(flow(6, 3, 5201, 1, 40000, NETMON_HOOK_INGRESS)).owner, nullptr);
    EXPECT_EQ(join.find(flow(6, 2, 5201, 1, 40001, NETMON_HOOK_INGRESS)).owner, nullptr);
    EXPECT_EQ(join.find(flow(17, 2, 5201, 1, 40000, NETMON_HOOK_INGRESS)).owner, nullptr);
    netmon_flow_key icmp = flow(1, 2, 0, 1, 0x0800, NETMON_HOOK_INGRESS);
    EXPECT_EQ(join.find(icmp).owner, nullptr);
}

TEST(SocketJoin, OtherNamespaceIsNoProcess)
{
    // The peer namespace's server has the mirrored 5-tuple: not ours.
    SocketJoin join(kNetns);
    join.assign({entry(6, 2, 5201, 1, 40000, 200, kNetns + 1)});
    EXPECT_EQ(join.find(flow(6, 1, 40000, 2, 5201, NETMON_HOOK_EGRESS)).owner, nullptr);
}

TEST(SocketJoin, UnconnectedUdpMatchesAnyPeerThenAnyAddress)
{
    SocketJoin join(kNetns);
    join.assign({entry(17, 1, 5353, 0, 0, 300), entry(17, 0, 9000, 0, 0, 400)});
    // Bound to 10.0.0.1:5353, any peer; then bound to port 9000 on any address.
    EXPECT_TRUE(joins(join, flow(17, 7, 1234, 1, 5353, NETMON_HOOK_INGRESS), 300, LocalEnd::Dst));
    EXPECT_TRUE(joins(join, flow(17, 1, 9000, 9, 53, NETMON_HOOK_EGRESS), 400, LocalEnd::Src));
    // Bound to 10.0.0.1 only: traffic to 10.0.0.5 on that port is not its.
    EXPECT_EQ(join.find(flow(17, 7, 1234, 5, 5353, NETMON_HOOK_INGRESS)).owner, nullptr);
}

TEST(SocketJoin, ExactSocketWinsOverWildcard)
{
    SocketJoin join(kNetns);
    join.assign({entry(17, 0, 9000, 0, 0, 400), entry(17, 1, 9000, 2, 53, 500)});
    EXPECT_EQ(join.find(flow(17, 1, 9000, 2, 53, NETMON_HOOK_EGRESS)).owner->tgid, 500u);
    EXPECT_EQ(join.find(flow(17, 1, 9000, 3, 53, NETMON_HOOK_EGRESS)).owner->tgid, 400u);
}

TEST(SocketJoin, HookDecidesWhichEndIsTriedFirst)
{
    // Both ends local (two sockets of one host on one path): what the host
    // sends belongs to its source's socket, what arrives to its destination's.
    SocketJoin join(kNetns);
    join.assign({entry(6, 1, 40000, 1, 80, 1), entry(6, 1, 80, 1, 40000, 2)});
    EXPECT_EQ(join.find(flow(6, 1, 40000, 1, 80, NETMON_HOOK_EGRESS)).owner->tgid, 1u);
    EXPECT_EQ(join.find(flow(6, 1, 40000, 1, 80, NETMON_HOOK_INGRESS)).owner->tgid, 2u);
}
