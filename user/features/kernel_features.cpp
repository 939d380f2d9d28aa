#include "features/kernel_features.h"

#include <algorithm>
#include <sstream>
#include <utility>

#include "core/error.h"

namespace netmon::features {

namespace {

std::pair<int, int> version_of(std::string_view v)
{
    int major = 0, minor = 0;
    char dot = 0;
    std::istringstream(std::string(v)) >> major >> dot >> minor;
    return {major, minor};
}

std::string describe(Feature f)
{
    const FeatureInfo &i = info(f);
    return std::string(i.what) + " (Linux " + std::string(i.since) + ")";
}

bool met(const Requirement &r, const ProbeResults &found)
{
    return std::any_of(r.any_of.begin(), r.any_of.end(), [&](Feature f) {
        auto it = found.find(f);
        return it != found.end() && it->second;
    });
}

// "lacks A", or "has neither A nor B", and what for.
std::string describe(const Requirement &r)
{
    std::string out = r.any_of.size() == 1 ? "lacks " : "has neither ";
    for (size_t i = 0; i < r.any_of.size(); i++)
        out += (i == 0 ? "" : " nor ") + describe(r.any_of[i]);
    if (!r.why.empty())
        out += ", needed " + std::string(r.why);
    return out;
}

[[noreturn]] void unknown_feature(const std::string &key)
{
    std::string message = "NETMON_PROBE_OVERRIDE: unknown feature '" + key + "' (known: ";
    const auto &all = all_features();
    for (const FeatureInfo &f : all) {
        message += f.key;
        message += f.feature == all.back().feature ? ")" : ", ";
    }
    throw Error(message, kExitUsage);
}

} // namespace

const std::vector<FeatureInfo> &all_features()
{
    // Versions: the release that merged each (kernel git history). The
    // rcu_wait map relies on its update waiting for a grace period
    // ("bpf: wait for running BPF programs when updating map-in-map", 4.20).
    static const std::vector<FeatureInfo> features = {
        {Feature::Btf, "btf", "kernel BTF (/sys/kernel/btf/vmlinux, CONFIG_DEBUG_INFO_BTF)", "5.4"},
        {Feature::MmapableArray, "mmapable_array", "mmapable BPF arrays (BPF_F_MMAPABLE)", "5.5"},
        {Feature::ArrayOfMaps, "array_of_maps",
         "BPF map-in-map arrays whose update waits for running programs", "4.20"},
        {Feature::CoarseClock, "coarse_clock", "the bpf_ktime_get_coarse_ns helper", "5.11"},
        {Feature::BpfLoop, "bpf_loop", "the bpf_loop helper", "5.17"},
        {Feature::XdpFrags, "xdp_frags", "multi-buffer XDP programs (xdp.frags)", "5.18"},
        {Feature::XdpGetBuffLen, "xdp_get_buff_len", "the bpf_xdp_get_buff_len helper", "5.18"},
        {Feature::XdpLink, "xdp_link", "XDP bpf_links", "5.9"},
        {Feature::Tcx, "tcx", "TCX links", "6.6"},
        {Feature::Clsact, "clsact", "TC BPF classifiers on a clsact qdisc", "4.5"},
    };
    return features;
}

const FeatureInfo &info(Feature f)
{
    const auto &all = all_features();
    return *std::find_if(all.begin(), all.end(),
                         [f](const FeatureInfo &i) { return i.feature == f; });
}

std::vector<Requirement> requirements(bool attach, bool egress)
{
    std::vector<Requirement> reqs;
    if (attach)
        reqs.push_back({{Feature::Btf}, "read to find the kernel's link types"});
    for (Feature f : {Feature::MmapableArray, Feature::ArrayOfMaps, Feature::CoarseClock,
                      Feature::BpfLoop, Feature::XdpFrags, Feature::XdpGetBuffLen})
        reqs.push_back({{f}, {}});
    if (attach)
        reqs.push_back({{Feature::XdpLink}, {}});
    if (attach && egress)
        reqs.push_back({{Feature::Tcx, Feature::Clsact},
                        "to count egress (--direction ingress does without)"});
    return reqs;
}

std::string minimum_kernel(const std::vector<Requirement> &reqs)
{
    std::pair<int, int> needed{0, 0};
    std::string_view name = "0.0";
    for (const Requirement &r : reqs) {
        // Any alternative will do: the oldest one counts.
        std::string_view oldest;
        for (Feature f : r.any_of)
            if (oldest.empty() || version_of(info(f).since) < version_of(oldest))
                oldest = info(f).since;
        if (version_of(oldest) > needed) {
            needed = version_of(oldest);
            name = oldest;
        }
    }
    return std::string(name);
}

std::optional<std::string> refusal(const std::vector<Requirement> &reqs, const ProbeResults &found)
{
    for (const Requirement &r : reqs)
        if (!met(r, found))
            return "this kernel " + describe(r) + "; netmon-xdp needs Linux " +
                   minimum_kernel(reqs) + " or later";
    return std::nullopt;
}

ProbeResults parse_override(const std::string &text)
{
    ProbeResults out;
    std::istringstream in(text);
    for (std::string item; std::getline(in, item, ',');) {
        if (item.empty())
            continue;
        const auto eq = item.find('=');
        const std::string key = item.substr(0, eq);
        const std::string value = eq == std::string::npos ? "" : item.substr(eq + 1);
        const auto &all = all_features();
        auto it = std::find_if(all.begin(), all.end(),
                               [&](const FeatureInfo &i) { return i.key == key; });
        if (it == all.end())
            unknown_feature(key);
        if (value != "missing" && value != "present")
            throw Error("NETMON_PROBE_OVERRIDE: '" + item +
                            "': the value must be missing or present",
                        kExitUsage);
        out[it->feature] = value == "present";
    }
    return out;
}

} // namespace netmon::features
