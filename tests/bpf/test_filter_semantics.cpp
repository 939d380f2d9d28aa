// Corners of classic BPF semantics the captures rarely reach: scratch
// memory, division by X == 0, out-of-bounds loads, 32-bit wrap-around,
// frames larger than one buffer, and the frame length override. Each case is
// checked against the expected answer and, where libpcap defines it, against
// libpcap's interpreter.
#include <gtest/gtest.h>
#include <unistd.h>

#include <numeric>
#include <optional>
#include <vector>

#include "filter/cbpf_to_xdp.h"
#include "filter/pcap_compile.h"
#include "filter/pcap_header.h"
#include "filter/xdp_filter_loader.h"
#include "support/xdp_test_run.h"

namespace {

using namespace netmon::filter;
using Classic = std::vector<sock_filter>;

sock_filter stmt(uint16_t code, uint32_t k) { return sock_filter{code, 0, 0, k}; }
sock_filter jeq(uint32_t k) { return sock_filter{BPF_JMP | BPF_JEQ | BPF_K, 0, 1, k}; }
const sock_filter kRetMatch = stmt(BPF_RET | BPF_K, 1);
const sock_filter kRetNoMatch = stmt(BPF_RET | BPF_K, 0);

// Frame whose byte i is i & 0xff.
std::vector<uint8_t> counting_frame(size_t size)
{
    std::vector<uint8_t> frame(size);
    std::iota(frame.begin(), frame.end(), uint8_t{0});
    return frame;
}

bool xdp_matches(const Classic &classic, const std::vector<uint8_t> &frame,
                 std::optional<uint32_t> wire_length = std::nullopt)
{
    const auto program = load_xdp_filter(
        translate_to_xdp(classic, {.frame_length_from_metadata = wire_length.has_value()}),
        "test_semantics");
    const uint32_t action = run_xdp_once(program.get(), frame, wire_length);
    EXPECT_TRUE(action == XDP_PASS || action == XDP_DROP) << action;
    return action == XDP_PASS;
}

bool libpcap_matches(const Classic &classic, const std::vector<uint8_t> &frame)
{
    bpf_program program{
        static_cast<u_int>(classic.size()),
        reinterpret_cast<pcap_bpf_insn *>(const_cast<sock_filter *>(classic.data()))};
    pcap_pkthdr header{};
    header.caplen = header.len = static_cast<bpf_u_int32>(frame.size());
    return pcap_offline_filter(&program, &header, frame.data()) != 0;
}

class FilterSemantics : public testing::Test {
  protected:
    void SetUp() override
    {
        if (geteuid() != 0)
            GTEST_SKIP() << "needs root (CAP_BPF) to load and test-run BPF programs";
    }

    // Asserts both the translation and libpcap give `expected`.
    static void expect_match(const Classic &classic, const std::vector<uint8_t> &frame,
                             bool expected, const char *what)
    {
        EXPECT_EQ(libpcap_matches(classic, frame), expected) << "libpcap: " << what;
        EXPECT_EQ(xdp_matches(classic, frame), expected) << "XDP: " << what;
    }
};

TEST_F(FilterSemantics, ScratchMemoryHoldsValues)
{
    // M[3] = P[0]; M[15] = P[1]; match if M[3] + M[15] == 0x30.
    const Classic sum = {stmt(BPF_LD | BPF_B | BPF_ABS, 0),
                         stmt(BPF_ST, 3),
                         stmt(BPF_LD | BPF_B | BPF_ABS, 1),
                         stmt(BPF_ST, 15),
                         stmt(BPF_LDX | BPF_MEM, 3),
                         stmt(BPF_LD | BPF_MEM, 15),
                         stmt(BPF_ALU | BPF_ADD | BPF_X, 0),
                         jeq(0x30),
                         kRetMatch,
                         kRetNoMatch};
    auto frame = counting_frame(64);
    frame[0] = 0x10, frame[1] = 0x20;
    expect_match(sum, frame, true, "0x10 + 0x20");
    frame[1] = 0x21;
    expect_match(sum, frame, false, "0x10 + 0x21");
}

TEST_F(FilterSemantics, UnwrittenScratchMemoryReadsZero)
{
    // Older libpcap leaves M[] uninitialised, so only the
    // translation's answer (recent libpcap agrees) is checked.
    const Classic classic = {stmt(BPF_LD | BPF_IMM, 5), stmt(BPF_LD | BPF_MEM, 7), jeq(0),
                             kRetMatch, kRetNoMatch};
    EXPECT_TRUE(xdp_matches(classic, counting_frame(64)));
}

TEST_F(FilterSemantics, DivisionAndModuloByXZeroNeverMatch)
{
    const auto frame = counting_frame(64);
    for (uint16_t op : {BPF_DIV, BPF_MOD}) {
        for (uint32_t x : {0u, 3u}) {
            // A = 10 op X; return A | 1 (nonzero whenever the division runs).
            const Classic classic = {stmt(BPF_LD | BPF_IMM, 10), stmt(BPF_LDX | BPF_IMM, x),
                                     stmt(BPF_ALU | op | BPF_X, 0),
                                     stmt(BPF_ALU | BPF_OR | BPF_K, 1), stmt(BPF_RET | BPF_A, 0)};
            expect_match(classic, frame, x != 0, op == BPF_DIV ? "10 / X" : "10 % X");
        }
    }
}

TEST_F(FilterSemantics, LoadsPastTheEndNeverMatch)
{
    const auto frame = counting_frame(60);
    struct Case {
        uint16_t code;
        uint32_t k;
        bool in_bounds;
    };
    for (const Case c : {Case{BPF_LD | BPF_W | BPF_ABS, 56, true},
                         {BPF_LD | BPF_W | BPF_ABS, 57, false},
                         {BPF_LD | BPF_H | BPF_ABS, 58, true},
                         {BPF_LD | BPF_H | BPF_ABS, 59, false},
                         {BPF_LD | BPF_B | BPF_ABS, 59, true},
                         {BPF_LD | BPF_B | BPF_ABS, 60, false},
                         {BPF_LD | BPF_W | BPF_ABS, 0xfffffffe, false},
                         {BPF_LDX | BPF_B | BPF_MSH, 59, true},
                         {BPF_LDX | BPF_B | BPF_MSH, 60, false}}) {
        const Classic classic = {stmt(c.code, c.k), kRetMatch};
        expect_match(classic, frame, c.in_bounds,
                     ("code " + std::to_string(c.code) + " k " + std::to_string(c.k)).c_str());
    }
    // Indirect: X + k, including an X + k that wraps around 2^32.
    struct IndCase {
        uint32_t x, k;
        uint16_t size;
        bool in_bounds;
    };
    for (const IndCase c : {IndCase{50, 6, BPF_W, true},
                            {50, 7, BPF_W, false},
                            {58, 0, BPF_H, true},
                            {58, 1, BPF_H, false},
                            {0, 59, BPF_B, true},
                            {59, 1, BPF_B, false},
                            {0xffffffff, 1, BPF_B, false},
                            {1, 0xffffffff, BPF_B, false},
                            {0x10000, 0, BPF_B, false}}) {
        const Classic classic = {stmt(BPF_LDX | BPF_IMM, c.x), stmt(BPF_LD | c.size | BPF_IND, c.k),
                                 kRetMatch};
        expect_match(classic, frame, c.in_bounds,
                     ("X " + std::to_string(c.x) + " k " + std::to_string(c.k)).c_str());
    }
}

TEST_F(FilterSemantics, LoadsAreBigEndian)
{
    const auto frame = counting_frame(64);
    expect_match({stmt(BPF_LD | BPF_W | BPF_ABS, 4), jeq(0x04050607), kRetMatch, kRetNoMatch},
                 frame, true, "ld [4]");
    expect_match({stmt(BPF_LD | BPF_H | BPF_ABS, 4), jeq(0x0405), kRetMatch, kRetNoMatch}, frame,
                 true, "ldh [4]");
    expect_match({stmt(BPF_LDX | BPF_IMM, 3), stmt(BPF_LD | BPF_W | BPF_IND, 1), jeq(0x04050607),
                  kRetMatch, kRetNoMatch},
                 frame, true, "ld [x + 1]");
}

TEST_F(FilterSemantics, ArithmeticWrapsAt32Bits)
{
    const auto frame = counting_frame(64);
    expect_match({stmt(BPF_LD | BPF_IMM, 0xffffffff), stmt(BPF_ALU | BPF_ADD | BPF_K, 2), jeq(1),
                  kRetMatch, kRetNoMatch},
                 frame, true, "0xffffffff + 2 == 1");
    expect_match({stmt(BPF_LD | BPF_IMM, 0x10000), stmt(BPF_ALU | BPF_MUL | BPF_K, 0x10000), jeq(0),
                  kRetMatch, kRetNoMatch},
                 frame, true, "0x10000 * 0x10000 == 0");
    expect_match({stmt(BPF_LD | BPF_IMM, 1), stmt(BPF_ALU | BPF_NEG, 0), jeq(0xffffffff), kRetMatch,
                  kRetNoMatch},
                 frame, true, "-1 == 0xffffffff");
    expect_match({stmt(BPF_LD | BPF_IMM, 0x80000000), stmt(BPF_ALU | BPF_RSH | BPF_K, 31), jeq(1),
                  kRetMatch, kRetNoMatch},
                 frame, true, "logical shift right");
    // Unsigned comparisons with K >= 2^31 (no sign extension).
    expect_match({stmt(BPF_LD | BPF_IMM, 0x7fffffff),
                  sock_filter{BPF_JMP | BPF_JGT | BPF_K, 0, 1, 0x80000000}, kRetMatch, kRetNoMatch},
                 frame, false, "0x7fffffff > 0x80000000");
    expect_match({stmt(BPF_LD | BPF_IMM, 0x80000000), stmt(BPF_LDX | BPF_IMM, 0x7fffffff),
                  sock_filter{BPF_JMP | BPF_JGT | BPF_X, 0, 1, 0}, kRetMatch, kRetNoMatch},
                 frame, true, "0x80000000 > X = 0x7fffffff");
}

TEST_F(FilterSemantics, ShiftByXOf32OrMoreGivesZero)
{
    // Recent libpcap defines this; older interpreters shift by X & 31,
    // so only the translation's documented answer is checked.
    const Classic classic = {stmt(BPF_LD | BPF_IMM, 1),
                             stmt(BPF_LDX | BPF_IMM, 32),
                             stmt(BPF_ALU | BPF_LSH | BPF_X, 0),
                             jeq(0),
                             kRetMatch,
                             kRetNoMatch};
    EXPECT_TRUE(xdp_matches(classic, counting_frame(64)));
}

TEST_F(FilterSemantics, ReadsAndMeasuresFramesLargerThanOneBuffer)
{
    // 9000 bytes does not fit one test-run page: the rest goes to fragments,
    // which only bpf_xdp_load_bytes() can read.
    auto frame = counting_frame(9000);
    frame[8000] = 0xab;
    EXPECT_TRUE(xdp_matches(compile_pcap_filter("ether[8000] == 0xab"), frame));
    EXPECT_FALSE(xdp_matches(compile_pcap_filter("ether[8000] == 0xac"), frame));
    EXPECT_TRUE(xdp_matches(compile_pcap_filter("ether[8996:4] == 0x24252627"), frame));
    EXPECT_FALSE(xdp_matches(compile_pcap_filter("ether[8997:4] != 0"), frame));
    EXPECT_TRUE(xdp_matches(compile_pcap_filter("len == 9000"), frame));
}

TEST_F(FilterSemantics, FrameLengthComesFromMetadataWhenGiven)
{
    // A 100-byte capture of a 1500-byte frame: `greater 1000` is about the
    // wire length, as in libpcap.
    const auto frame = counting_frame(100);
    const auto greater = compile_pcap_filter("greater 1000");
    EXPECT_TRUE(xdp_matches(greater, frame, 1500));
    EXPECT_FALSE(xdp_matches(greater, frame, 100));
    EXPECT_FALSE(xdp_matches(greater, frame)) << "no metadata: the bytes the program sees";
}

} // namespace
