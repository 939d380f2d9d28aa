// What each run needs from the kernel and the one line that refuses a
// kernel lacking it; NETMON_PROBE_OVERRIDE's parsing.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.h"
#include "features/kernel_features.h"

using namespace netmon;
using namespace netmon::features;

namespace {

// Every feature present, except those named.
ProbeResults all_but(std::initializer_list<Feature> missing)
{
    ProbeResults r;
    for (const FeatureInfo &i : all_features())
        r[i.feature] = true;
    for (Feature f : missing)
        r[f] = false;
    return r;
}

} // namespace

TEST(KernelFeatures, EveryFeaturePresentRefusesNothing)
{
    for (bool attach : {false, true})
        for (bool egress : {false, true})
            EXPECT_FALSE(refusal(requirements(attach, egress), all_but({})).has_value());
}

TEST(KernelFeatures, AMissingHelperIsNamedWithItsKernelVersion)
{
    EXPECT_EQ(refusal(requirements(false, false), all_but({Feature::BpfLoop})),
              "this kernel lacks the bpf_loop helper (Linux 5.17); netmon-xdp needs Linux 5.18 "
              "or later");
}

TEST(KernelFeatures, TheFirstMissingFeatureIsTheOneNamed)
{
    const auto line =
        refusal(requirements(true, true), all_but({Feature::XdpLink, Feature::MmapableArray}));
    ASSERT_TRUE(line.has_value());
    EXPECT_EQ(*line, "this kernel lacks mmapable BPF arrays (BPF_F_MMAPABLE) (Linux 5.5); "
                     "netmon-xdp needs Linux 5.18 or later");
}

TEST(KernelFeatures, AFeatureAbsentFromTheResultsCountsAsMissing)
{
    ProbeResults r = all_but({});
    r.erase(Feature::XdpFrags);
    const auto line = refusal(requirements(false, false), r);
    ASSERT_TRUE(line.has_value());
    EXPECT_NE(line->find("multi-buffer XDP programs (xdp.frags) (Linux 5.18)"), std::string::npos)
        << *line;
}

TEST(KernelFeatures, ReplayNeedsNoLinksNorBtf)
{
    EXPECT_FALSE(refusal(requirements(false, false),
                         all_but({Feature::Btf, Feature::XdpLink, Feature::Tcx, Feature::Clsact}))
                     .has_value());
    EXPECT_EQ(refusal(requirements(true, false), all_but({Feature::XdpLink})),
              "this kernel lacks XDP bpf_links (Linux 5.9); netmon-xdp needs Linux 5.18 or later");
}

TEST(KernelFeatures, EgressNeedsTcxOrClsactAndOnlyWhenCounted)
{
    EXPECT_FALSE(refusal(requirements(true, true), all_but({Feature::Tcx})).has_value());
    EXPECT_FALSE(refusal(requirements(true, true), all_but({Feature::Clsact})).has_value());
    EXPECT_FALSE(
        refusal(requirements(true, false), all_but({Feature::Tcx, Feature::Clsact})).has_value());
    EXPECT_EQ(refusal(requirements(true, true), all_but({Feature::Tcx, Feature::Clsact})),
              "this kernel has neither TCX links (Linux 6.6) nor TC BPF classifiers on a clsact "
              "qdisc (Linux 4.5), needed to count egress (--direction ingress does without); "
              "netmon-xdp needs Linux 5.18 or later");
}

TEST(KernelFeatures, MinimumKernelIsTheNewestRequirementTakingTheOldestAlternative)
{
    EXPECT_EQ(minimum_kernel(requirements(false, false)), "5.18");
    EXPECT_EQ(minimum_kernel(requirements(true, true)), "5.18"); // clsact, not TCX
    EXPECT_EQ(minimum_kernel({{{Feature::Tcx}, {}}, {{Feature::BpfLoop}, {}}}), "6.6");
    // Versions compare as numbers: 5.9 is older than 5.18.
    EXPECT_EQ(minimum_kernel({{{Feature::XdpLink}, {}}, {{Feature::MmapableArray}, {}}}), "5.9");
    EXPECT_EQ(minimum_kernel({}), "0.0");
}

TEST(KernelFeatures, TheReadmeStatesTheMinimumKernel)
{
    std::ifstream readme("README.md");
    ASSERT_TRUE(readme) << "run from the source directory";
    std::stringstream text;
    text << readme.rdbuf();
    const std::string expected =
        "Minimum kernel: Linux " + minimum_kernel(requirements(true, true));
    EXPECT_NE(text.str().find(expected), std::string::npos) << "README.md lacks: " << expected;
}

TEST(KernelFeatures, OverrideSetsNamedFeatures)
{
    const ProbeResults r = parse_override("bpf_loop=missing,tcx=present");
    ASSERT_EQ(r.size(), 2u);
    EXPECT_FALSE(r.at(Feature::BpfLoop));
    EXPECT_TRUE(r.at(Feature::Tcx));
    EXPECT_TRUE(parse_override("").empty());
}

TEST(KernelFeatures, OverrideRejectsUnknownFeaturesAndValues)
{
    try {
        parse_override("bpf_lop=missing");
        FAIL() << "no error";
    } catch (const Error &e) {
        EXPECT_EQ(e.exit_code(), kExitUsage);
        EXPECT_EQ(std::string(e.what()).rfind("NETMON_PROBE_OVERRIDE: unknown feature 'bpf_lop' "
                                              "(known: btf, mmapable_array,",
                                              0),
                  0u)
            << e.what();
    }
    EXPECT_THROW(parse_override("bpf_loop=gone"), Error);
    EXPECT_THROW(parse_override("bpf_loop"), Error);
}

TEST(KernelFeatures, EveryFeatureHasAKeyADescriptionAndAVersion)
{
    for (const FeatureInfo &i : all_features()) {
        EXPECT_FALSE(i.key.empty());
        EXPECT_FALSE(i.what.empty());
        EXPECT_NE(i.since.find('.'), std::string_view::npos) << i.key;
        EXPECT_EQ(&info(i.feature), &i);
    }
}
