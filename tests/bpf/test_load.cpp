#include <gtest/gtest.h>
#include <unistd.h>

#include "bpf/netmon_object.h"

TEST(NetmonObject, LoadsWithRequestedTableSize)
{
    if (geteuid() != 0)
        GTEST_SKIP() << "needs root (CAP_BPF) to load BPF programs";
    auto obj = netmon::NetmonObject::load({.max_flows = 1024});
    EXPECT_GE(obj->xdp_prog_fd(), 0);
    EXPECT_EQ(obj->max_flows(), 1024u);
}
