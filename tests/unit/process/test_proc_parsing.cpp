#include <gtest/gtest.h>

#include "process/cgroup_paths.h"
#include "process/existing_sockets.h"

using namespace netmon::process;

TEST(ParseProcNet, Ipv4SocketsByState)
{
    const char *text =
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
        "timeout inode\n"
        "   0: 0100000A:9C40 0200000A:1451 01 00000000:00000000 00:00000000 00000000     0"
        "        0 4242 1 0000000000000000 20 4 30 10 -1\n"
        "   1: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0"
        "        0 4343 1 0000000000000000 100 0 0 10 0\n"
        "   2: 0100000A:9C41 0200000A:1451 06 00000000:00000000 03:00000000 00000000     0"
        "        0 0 3 0000000000000000\n"
        "garbage\n";
    auto tcp = parse_proc_net(text, 6, 77);
    ASSERT_EQ(tcp.size(), 1u); // the listener and the TIME_WAIT socket left out
    EXPECT_EQ(tcp[0].inode, 4242u);
    const uint8_t local[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1};
    const uint8_t remote[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 2};
    EXPECT_EQ(0, memcmp(tcp[0].key.local, local, 16));
    EXPECT_EQ(0, memcmp(tcp[0].key.remote, remote, 16));
    EXPECT_EQ(tcp[0].key.local_port, 40000);
    EXPECT_EQ(tcp[0].key.remote_port, 5201);
    EXPECT_EQ(tcp[0].key.netns, 77u);
    EXPECT_EQ(tcp[0].key.proto, 6);
}

TEST(ParseProcNet, UnconnectedUdpHasNoPeerAndAnyAddressIsZero)
{
    const char *text =
        "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
        "timeout inode ref pointer drops\n"
        "  100: 00000000:270F 00000000:0000 07 00000000:00000000 00:00000000 00000000     0"
        "        0 5151 2 0000000000000000 0\n";
    auto udp = parse_proc_net(text, 17, 1);
    ASSERT_EQ(udp.size(), 1u);
    const uint8_t zero[16] = {};
    EXPECT_EQ(0, memcmp(udp[0].key.local, zero, 16));
    EXPECT_EQ(0, memcmp(udp[0].key.remote, zero, 16));
    EXPECT_EQ(udp[0].key.local_port, 9999);
    EXPECT_EQ(udp[0].key.remote_port, 0);
}

TEST(ParseProcNet, Ipv6MappedAddressKeepsItsBytes)
{
    const char *text =
        "  sl  local_address                         remote_address                        st\n"
        "   0: 0000000000000000FFFF00000100000A:1452 0000000000000000FFFF00000200000A:AAAA 01 "
        "00000000:00000000 00:00000000 00000000     0        0 777 1 0000000000000000\n";
    auto tcp6 = parse_proc_net(text, 6, 1);
    ASSERT_EQ(tcp6.size(), 1u);
    const uint8_t local[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1};
    EXPECT_EQ(0, memcmp(tcp6[0].key.local, local, 16));
    EXPECT_EQ(tcp6[0].key.local_port, 5202);
    EXPECT_EQ(tcp6[0].key.remote_port, 0xAAAA);
}

TEST(CgroupText, MountAndPaths)
{
    const char *mountinfo =
        "25 1 0:23 / /sys rw,nosuid - sysfs sysfs rw\n"
        "36 25 0:31 / /sys/fs/cgroup/unified rw,relatime shared:10 - cgroup2 cgroup2 rw\n";
    EXPECT_EQ(cgroup2_mount_of(mountinfo), "/sys/fs/cgroup/unified");
    EXPECT_EQ(cgroup2_mount_of("25 1 0:23 / /sys rw - sysfs sysfs rw\n"), "");
    const char *proc_cgroup = "12:memory:/\n1:name=systemd:/user.slice/a:b.scope\n0::/user.slice\n";
    EXPECT_EQ(cgroup_path_in(proc_cgroup, "0"), "/user.slice");
    EXPECT_EQ(cgroup_path_in(proc_cgroup, "name=systemd"), "/user.slice/a:b.scope");
    EXPECT_EQ(cgroup_path_in("12:memory:/\n", "0"), std::nullopt);
}
