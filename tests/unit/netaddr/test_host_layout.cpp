// The per-host table's layout: one slot per local address, the networks the
// program matches, the way back from a slot, and the size limit.
#include <gtest/gtest.h>

#include <arpa/inet.h>

#include <cstring>

#include "core/error.h"
#include "netaddr/host_layout.h"
#include "unit/netaddr/local_host_layout.h"

namespace netmon {
namespace {

using test::layout_of;
using test::v4;

TEST(HostLayout, OneSlotPerAddressAndBack)
{
    HostLayout l = layout_of({"192.0.2.0/24", "10.1.0.0/17", "fd00::/120"});
    EXPECT_EQ(l.slots(), 32768u + 256 + 256);
    EXPECT_EQ(l.config().nets, 3u);
    const auto a = v4("10.1.100.7");
    const int64_t slot = l.slot_of(NETMON_KIND_IPV4, a.data());
    ASSERT_GE(slot, 0);
    EXPECT_EQ(l.address(static_cast<uint32_t>(slot)).addr, a);
    EXPECT_EQ(l.address(static_cast<uint32_t>(slot)).kind, NETMON_KIND_IPV4);
    EXPECT_EQ(l.slot_of(NETMON_KIND_IPV4, v4("10.1.128.1").data()), -1);
    EXPECT_NE(l.slot_of(NETMON_KIND_IPV4, v4("192.0.2.255").data()),
              l.slot_of(NETMON_KIND_IPV4, v4("192.0.2.0").data()));
    std::array<uint8_t, 16> six{};
    inet_pton(AF_INET6, "fd00::ff", six.data());
    const int64_t s6 = l.slot_of(NETMON_KIND_IPV6, six.data());
    ASSERT_GE(s6, 0);
    EXPECT_EQ(l.address(static_cast<uint32_t>(s6)).addr, six);
    EXPECT_EQ(l.address(static_cast<uint32_t>(s6)).kind, NETMON_KIND_IPV6);
}

TEST(HostLayout, ASlash16Fits) { EXPECT_EQ(layout_of({"10.1.0.0/16"}).slots(), 65536u); }

TEST(HostLayout, ANetworkInsideAnotherAddsNoSlots)
{
    HostLayout l = layout_of({"192.0.2.7/32", "192.0.2.0/24"});
    EXPECT_EQ(l.slots(), 256u);
    EXPECT_EQ(l.config().nets, 1u);
}

TEST(HostLayout, NoNetworksNoSlots)
{
    HostLayout l = layout_of({});
    EXPECT_EQ(l.slots(), 0u);
    EXPECT_EQ(l.config().nets, 0u);
}

TEST(HostLayout, MoreThanASlash16IsRefusedWithTheLimit)
{
    try {
        layout_of({"10.0.0.0/15"});
        FAIL() << "a /15 was accepted";
    } catch (const Error &e) {
        EXPECT_EQ(e.exit_code(), kExitUsage);
        EXPECT_NE(std::string(e.what()).find("10.0.0.0/15"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("65536"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("docs/memory.md"), std::string::npos) << e.what();
    }
    EXPECT_THROW(layout_of({"10.0.0.0/16", "10.9.0.1/32"}), Error) << "65537 addresses";
    EXPECT_THROW(layout_of({"2001:db8::/64"}), Error);
}

TEST(HostLayout, SeventeenNetworksAreRefused)
{
    LocalNets nets;
    for (int i = 0; i < 17; i++)
        nets.add("192.0.2." + std::to_string(i) + "/32");
    EXPECT_THROW(HostLayout{nets}, Error);
}

} // namespace
} // namespace netmon
