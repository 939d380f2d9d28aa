#include "filter/pcap_compile.h"

#include <memory>

#include "core/error.h"
#include "core/excerpt.h"
#include "filter/filter_nesting.h"
#include "filter/pcap_header.h"

namespace netmon::filter {

namespace {

constexpr int kSnapLen = 262144; // tcpdump's default snapshot length

struct PcapCloser {
    void operator()(pcap_t *p) const { pcap_close(p); }
};
struct ProgramFreer {
    void operator()(bpf_program *p) const { pcap_freecode(p); }
};

} // namespace

std::vector<sock_filter> compile_pcap_filter(const std::string &expression)
{
    check_filter_nesting(expression);
    std::unique_ptr<pcap_t, PcapCloser> pcap(pcap_open_dead(DLT_EN10MB, kSnapLen));
    if (!pcap)
        throw Error("cannot initialise libpcap to compile the filter");

    bpf_program program{};
    if (pcap_compile(pcap.get(), &program, expression.c_str(), /*optimize=*/1,
                     PCAP_NETMASK_UNKNOWN) != 0)
        throw Error("invalid filter '" + excerpt(expression) + "': " + pcap_geterr(pcap.get()),
                    kExitUsage);
    std::unique_ptr<bpf_program, ProgramFreer> owned(&program);

    // libpcap's struct bpf_insn and the kernel's sock_filter are the same
    // {u16 code; u8 jt; u8 jf; u32 k} record.
    static_assert(sizeof(pcap_bpf_insn) == sizeof(sock_filter));
    std::vector<sock_filter> classic;
    classic.reserve(program.bf_len);
    for (unsigned i = 0; i < program.bf_len; ++i) {
        const pcap_bpf_insn &in = program.bf_insns[i];
        classic.push_back(sock_filter{in.code, in.jt, in.jf, in.k});
    }
    return classic;
}

} // namespace netmon::filter
