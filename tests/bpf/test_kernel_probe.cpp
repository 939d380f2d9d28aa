// The feature probes on the running kernel: the kernel the tests run on
// (README "Requirements") has every feature, so each probe must say so; a
// probe that cannot find a feature that is there would refuse every run.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <string>

#include "core/error.h"
#include "features/feature_probe.h"
#include "loader/netmon_object.h"

using namespace netmon::features;

TEST(KernelProbe, EveryFeatureIsFoundOnTheTestKernel)
{
    if (geteuid() != 0)
        GTEST_SKIP() << "needs root (CAP_BPF)";
    for (const FeatureInfo &i : all_features())
        EXPECT_TRUE(probe(i.feature)) << i.key << ": " << i.what;
    EXPECT_NO_THROW(require_kernel_features(true, true));
    EXPECT_NO_THROW(require_kernel_features(false, false));
}

// NETMON_PROBE_OVERRIDE simulates an older kernel: the load stops before
// the program is opened, with the one line the user would see.
TEST(KernelProbe, AMissingFeatureStopsTheLoadWithOneLine)
{
    if (geteuid() != 0)
        GTEST_SKIP() << "needs root (CAP_BPF)";
    setenv(kProbeOverrideEnv, "bpf_loop=missing", 1);
    std::string message;
    try {
        netmon::NetmonObject::load({.max_flows = 64});
    } catch (const netmon::Error &e) {
        message = e.what();
    }
    unsetenv(kProbeOverrideEnv);
    EXPECT_EQ(message, "this kernel lacks the bpf_loop helper (Linux 5.17); netmon-xdp needs "
                       "Linux 5.18 or later");
}
