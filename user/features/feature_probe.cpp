#include "features/feature_probe.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string_view>

#include "core/error.h"
#include "core/fd.h"

namespace netmon::features {

namespace {

constexpr const char *kVmlinuxBtf = "/sys/kernel/btf/vmlinux";

// The same words as a refused load: a probe without privileges says
// nothing about the kernel.
[[noreturn]] void refused()
{
    throw Error("loading the BPF program was refused: netmon-xdp needs root, or CAP_BPF, "
                "CAP_PERFMON and CAP_NET_ADMIN",
                kExitNoPermission);
}

// libbpf's probes: 1 present, 0 absent, -errno when they could not tell.
bool libbpf_answer(int ret)
{
    if (ret == -EPERM || ret == -EACCES)
        refused();
    return ret == 1;
}

bool has_mmapable_array()
{
    LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = BPF_F_MMAPABLE);
    Fd map(bpf_map_create(BPF_MAP_TYPE_ARRAY, "netmon_probe", sizeof(uint32_t), sizeof(uint64_t), 1,
                          &opts));
    if (!map) {
        if (errno == EPERM || errno == EACCES)
            refused();
        return false;
    }
    // The type alone is not enough: the flow tables are read through mmap.
    const auto page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    void *p = mmap(nullptr, page, PROT_READ | PROT_WRITE, MAP_SHARED, map.get(), 0);
    if (p == MAP_FAILED)
        return false;
    munmap(p, page);
    return true;
}

// An XDP program that passes every frame, loaded with the frags flag.
bool has_xdp_frags()
{
    const bpf_insn insns[] = {
        {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = XDP_PASS},
        {.code = BPF_JMP | BPF_EXIT},
    };
    LIBBPF_OPTS(bpf_prog_load_opts, opts, .prog_flags = BPF_F_XDP_HAS_FRAGS);
    Fd prog(bpf_prog_load(BPF_PROG_TYPE_XDP, "netmon_probe", "Dual BSD/GPL", insns, 2, &opts));
    if (!prog && (errno == EPERM || errno == EACCES))
        refused();
    return static_cast<bool>(prog);
}

struct BtfDeleter {
    void operator()(btf *b) const { btf__free(b); }
};
using BtfPtr = std::unique_ptr<btf, BtfDeleter>;

BtfPtr vmlinux_btf() { return BtfPtr(btf__load_vmlinux_btf()); }

// The link types have no probe of their own that leaves every interface
// alone: the kernel's BTF says whether it knows them.
bool btf_has_struct(const char *name)
{
    BtfPtr b = vmlinux_btf();
    return b && btf__find_by_name_kind(b.get(), name, BTF_KIND_STRUCT) > 0;
}

bool btf_has_enum_value(const char *enum_name, std::string_view value)
{
    BtfPtr b = vmlinux_btf();
    if (!b)
        return false;
    const int id = btf__find_by_name_kind(b.get(), enum_name, BTF_KIND_ENUM);
    if (id <= 0)
        return false;
    const btf_type *t = btf__type_by_id(b.get(), static_cast<uint32_t>(id));
    const struct btf_enum *e = btf_enum(t);
    for (int i = 0; i < btf_vlen(t); i++)
        if (btf__name_by_offset(b.get(), e[i].name_off) == value)
            return true;
    return false;
}

bool xdp_helper(bpf_func_id id)
{
    return libbpf_answer(libbpf_probe_bpf_helper(BPF_PROG_TYPE_XDP, id, nullptr));
}

} // namespace

bool probe(Feature f)
{
    switch (f) {
    case Feature::Btf:
        return access(kVmlinuxBtf, R_OK) == 0;
    case Feature::MmapableArray:
        return has_mmapable_array();
    case Feature::ArrayOfMaps:
        return libbpf_answer(libbpf_probe_bpf_map_type(BPF_MAP_TYPE_ARRAY_OF_MAPS, nullptr));
    case Feature::CoarseClock:
        return xdp_helper(BPF_FUNC_ktime_get_coarse_ns);
    case Feature::BpfLoop:
        return xdp_helper(BPF_FUNC_loop);
    case Feature::XdpFrags:
        return has_xdp_frags();
    case Feature::XdpGetBuffLen:
        return xdp_helper(BPF_FUNC_xdp_get_buff_len);
    case Feature::XdpLink:
        return btf_has_struct("bpf_xdp_link");
    case Feature::Tcx:
        return btf_has_enum_value("bpf_attach_type", "BPF_TCX_EGRESS");
    case Feature::Clsact:
        return libbpf_answer(libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_SCHED_CLS, nullptr));
    }
    return false;
}

void require_kernel_features(bool attach, bool egress)
{
    // Several interfaces load several objects: the kernel is probed once.
    static std::mutex mutex;
    static ProbeResults probed;

    const char *env = std::getenv(kProbeOverrideEnv);
    const ProbeResults forced = env ? parse_override(env) : ProbeResults{};
    const std::vector<Requirement> reqs = requirements(attach, egress);
    ProbeResults found;
    std::lock_guard lock(mutex);
    for (const Requirement &r : reqs)
        for (Feature f : r.any_of) {
            if (auto it = forced.find(f); it != forced.end()) {
                found[f] = it->second;
                continue;
            }
            auto it = probed.find(f);
            if (it == probed.end())
                it = probed.emplace(f, probe(f)).first;
            found[f] = it->second;
        }
    if (auto line = refusal(reqs, found))
        throw Error(*line);
}

} // namespace netmon::features
