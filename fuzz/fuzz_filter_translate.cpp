// libFuzzer target: translate_to_xdp() on arbitrary classic BPF programs
// (the input, 8 bytes per instruction). Whatever it is given, it either
// refuses with netmon::Error or emits a program. When libpcap would run the
// program too (bpf_validate accepts it and it reads no unwritten scratch
// memory, see filter/scratch_reads.h), the emitted program is loaded (needs
// root; otherwise only the translation is fuzzed) and its verdict on sample
// frames must be libpcap's bpf_filter verdict, or the target aborts.
// Sample frames: a few built in, plus the first frames of the Ethernet
// captures in $NETMON_PCAPS (default ../shared/pcaps) when present.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"
#include "filter/cbpf_to_xdp.h"
#include "filter/pcap_header.h"
#include "filter/scratch_reads.h"
#include "filter/xdp_filter_loader.h"
#include "support/xdp_test_run.h"

namespace {

using namespace netmon::filter;
using Frame = std::vector<uint8_t>;

constexpr size_t kMaxInstructions = 256;
constexpr size_t kFramesPerCapture = 3;
constexpr size_t kMaxFrames = 300;

std::vector<Frame> g_frames;
bool g_can_load = false;

Frame hex_frame(const char *hex)
{
    Frame f;
    for (size_t i = 0; hex[i] && hex[i + 1]; i += 2)
        f.push_back(
            static_cast<uint8_t>(std::strtoul(std::string(hex + i, 2).c_str(), nullptr, 16)));
    return f;
}

void add_capture_frames(const std::filesystem::path &path)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *pcap = pcap_open_offline(path.c_str(), errbuf);
    if (!pcap)
        return;
    pcap_pkthdr *header;
    const u_char *data;
    for (size_t i = 0; i < kFramesPerCapture && pcap_datalink(pcap) == DLT_EN10MB &&
                       pcap_next_ex(pcap, &header, &data) == 1;
         ++i)
        if (header->caplen >= kMinTestRunFrame && header->caplen <= 0xffff &&
            header->caplen == header->len)
            g_frames.emplace_back(data, data + header->caplen);
    pcap_close(pcap);
}

// The opcodes libpcap's bpf_filter() knows; it abort()s on any other,
// while the translation, like the kernel's decoder, masks the fields.
bool libpcap_knows(uint16_t code)
{
    static const std::vector<bool> known = [] {
        std::vector<bool> k(0x10000, false);
        for (uint16_t c : {BPF_RET | BPF_K,
                           BPF_RET | BPF_A,
                           BPF_LD | BPF_W | BPF_ABS,
                           BPF_LD | BPF_H | BPF_ABS,
                           BPF_LD | BPF_B | BPF_ABS,
                           BPF_LD | BPF_W | BPF_LEN,
                           BPF_LDX | BPF_W | BPF_LEN,
                           BPF_LD | BPF_W | BPF_IND,
                           BPF_LD | BPF_H | BPF_IND,
                           BPF_LD | BPF_B | BPF_IND,
                           BPF_LDX | BPF_MSH | BPF_B,
                           BPF_LD | BPF_IMM,
                           BPF_LDX | BPF_IMM,
                           BPF_LD | BPF_MEM,
                           BPF_LDX | BPF_MEM,
                           BPF_ST,
                           BPF_STX,
                           BPF_JMP | BPF_JA,
                           BPF_ALU | BPF_NEG,
                           BPF_MISC | BPF_TAX,
                           BPF_MISC | BPF_TXA})
            k[c] = true;
        for (uint16_t op : {BPF_JGT, BPF_JGE, BPF_JEQ, BPF_JSET})
            k[BPF_JMP | op | BPF_K] = k[BPF_JMP | op | BPF_X] = true;
        for (uint16_t op : {BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_MOD, BPF_AND, BPF_OR, BPF_XOR,
                            BPF_LSH, BPF_RSH})
            k[BPF_ALU | op | BPF_K] = k[BPF_ALU | op | BPF_X] = true;
        return k;
    }();
    return known[code];
}

// True if a `ja` goes backwards: its 32-bit offset wraps the program counter.
bool has_backward_jump(const std::vector<sock_filter> &classic)
{
    for (const sock_filter &in : classic)
        if (BPF_CLASS(in.code) == BPF_JMP && BPF_OP(in.code) == BPF_JA && (in.k & 0x80000000u))
            return true;
    return false;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    // IPv4/TCP SYN, IPv6/UDP, ARP request, VLAN-tagged IPv4/UDP, a bare header.
    g_frames.push_back(hex_frame("020000000001020000000002080045000028000100004006000"
                                 "0c0a80001c0a800020400005000000000000000005002200000000000"));
    g_frames.push_back(
        hex_frame("02000000000102000000000286dd6000000000101140fe800000000000"
                  "000000000000000001fe8000000000000000000000000000020035003500100000"));
    g_frames.push_back(hex_frame("ffffffffffff0200000000020806000108000604000102000000000"
                                 "2c0a80001000000000000c0a80002"));
    g_frames.push_back(hex_frame("0200000000010200000000028100004d0800450000200001000040110000"
                                 "0a0000010a00000204d2003500080000"));
    g_frames.push_back(Frame(14, 0));
    const char *dir = std::getenv("NETMON_PCAPS");
    std::filesystem::path pcaps = dir ? dir : "../shared/pcaps";
    std::error_code ec;
    if (std::filesystem::is_directory(pcaps, ec))
        for (const auto &entry : std::filesystem::directory_iterator(pcaps, ec)) {
            if (g_frames.size() >= kMaxFrames)
                break;
            add_capture_frames(entry.path());
        }
    g_can_load = geteuid() == 0;
    std::fprintf(stderr, "fuzz_filter_translate: %zu sample frames, verdicts %s\n", g_frames.size(),
                 g_can_load ? "compared with libpcap" : "not run (not root)");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const size_t count = std::min(size / sizeof(sock_filter), kMaxInstructions);
    std::vector<sock_filter> classic(count);
    if (count > 0)
        std::memcpy(classic.data(), data, count * sizeof(sock_filter));
    std::vector<bpf_insn> program;
    try {
        program = translate_to_xdp(classic, {.ending = Ending::Verdict});
    } catch (const netmon::Error &) {
        return 0; // refused: invalid or unsupported
    }
    bpf_program as_pcap{static_cast<u_int>(classic.size()),
                        reinterpret_cast<pcap_bpf_insn *>(classic.data())};
    // libpcap's interpreter has no loop guard and leaves M[] uninitialised:
    // compare only what it defines.
    if (!g_can_load || !bpf_validate(as_pcap.bf_insns, static_cast<int>(as_pcap.bf_len)) ||
        reads_unwritten_scratch(classic))
        return 0;
    for (const sock_filter &in : classic)
        if (!libpcap_knows(in.code))
            return 0;
    // A backward jump (protochain's loop, a `ja` whose offset wraps) makes
    // a loop. The translation bounds it, but the verifier walks every
    // iteration and may give up on a fuzzed loop before its end; and
    // libpcap's interpreter, which has no bound, may never return from it.
    const bool loops = has_backward_jump(classic);
    netmon::Fd fd;
    try {
        fd = load_xdp_filter(program, "fuzz_filter");
    } catch (const netmon::Error &e) {
        if (loops)
            return 0;
        std::fprintf(stderr, "verifier refused a translation libpcap accepts: %s\n", e.what());
        std::abort();
    }
    if (loops)
        return 0; // loaded, but libpcap has no verdict to compare with
    for (const Frame &frame : g_frames) {
        const bool expected =
            bpf_filter(as_pcap.bf_insns, frame.data(), static_cast<u_int>(frame.size()),
                       static_cast<u_int>(frame.size())) != 0;
        const bool got = run_xdp_once(fd.get(), frame) == XDP_PASS;
        if (expected != got) {
            std::fprintf(stderr, "verdict differs on a %zu-byte frame: libpcap %d, XDP %d\n",
                         frame.size(), expected, got);
            std::abort();
        }
    }
    return 0;
}
