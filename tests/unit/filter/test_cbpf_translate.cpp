// Classic BPF -> eBPF XDP translation, instruction by instruction, on
// hand-written classic programs. No kernel needed: the BPF tests run the
// results (test_filter_equivalence.cpp, test_filter_chain.cpp).
#include <gtest/gtest.h>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/error.h"
#include "filter/cbpf_to_xdp.h"
#include "filter/ebpf_insn.h"
#include "filter/pcap_compile.h"
#include "filter/xdp_filter_layout.h"

namespace {

using namespace netmon::filter;
using namespace netmon::filter::layout;
namespace ebpf = netmon::filter::ebpf;

using Classic = std::vector<sock_filter>;
using Program = std::vector<bpf_insn>;

constexpr uint8_t R0 = 0, R1 = 1, R2 = 2, R3 = 3, R4 = 4;

sock_filter stmt(uint16_t code, uint32_t k) { return sock_filter{code, 0, 0, k}; }
sock_filter jump(uint16_t code, uint32_t k, uint8_t jt, uint8_t jf)
{
    return sock_filter{code, jt, jf, k};
}
const sock_filter kRetMatch = stmt(BPF_RET | BPF_K, 0x40000);
const sock_filter kRetNoMatch = stmt(BPF_RET | BPF_K, 0);

Program verdict(const Classic &classic) { return translate_to_xdp(classic, {}); }

bool is_jump(const bpf_insn &insn)
{
    const uint8_t cls = BPF_CLASS(insn.code);
    const uint8_t op = BPF_OP(insn.code);
    return (cls == BPF_JMP || cls == BPF_JMP32) && op != BPF_CALL && op != BPF_EXIT;
}

// Same instruction; jump offsets are compared only if `with_offsets`.
bool same(const bpf_insn &a, const bpf_insn &b, bool with_offsets)
{
    return a.code == b.code && a.dst_reg == b.dst_reg && a.src_reg == b.src_reg && a.imm == b.imm &&
           (a.off == b.off || (!with_offsets && is_jump(a)));
}

// Index where `expected` appears in `program`, or -1.
int find(const Program &program, const Program &expected, bool with_offsets = false)
{
    for (size_t i = 0; i + expected.size() <= program.size(); ++i) {
        size_t j = 0;
        while (j < expected.size() && same(program[i + j], expected[j], with_offsets))
            ++j;
        if (j == expected.size())
            return static_cast<int>(i);
    }
    return -1;
}

size_t jump_target(const Program &program, size_t at) { return at + 1 + program.at(at).off; }

// Follows unconditional jumps from `at`; where execution really continues.
size_t follow(const Program &program, size_t at)
{
    while (program.at(at).code == (BPF_JMP | BPF_JA))
        at = jump_target(program, at);
    return at;
}

// The XDP action returned by the ending that starts at `at`, or -1.
int verdict_at(const Program &program, size_t at)
{
    at = follow(program, at);
    const bpf_insn &mov = program.at(at);
    if (mov.code != (BPF_ALU | BPF_MOV | BPF_K) || mov.dst_reg != R0 ||
        program.at(at + 1).code != (BPF_JMP | BPF_EXIT))
        return -1;
    return mov.imm;
}

// Returns the verdict after the conditional jump at `at`: taken, not taken.
std::pair<int, int> branch_verdicts(const Program &program, size_t at)
{
    return {verdict_at(program, jump_target(program, at)), verdict_at(program, at + 1)};
}

int count_code(const Program &program, uint8_t code)
{
    int n = 0;
    for (const bpf_insn &insn : program)
        n += insn.code == code;
    return n;
}

int exit_code_of(const std::function<void()> &fn)
{
    try {
        fn();
    } catch (const netmon::Error &e) {
        return e.exit_code();
    }
    return -1;
}

TEST(CbpfTranslate, PrologueSavesContextAndZeroesAAndX)
{
    const Program p = verdict({kRetMatch});
    ASSERT_GE(p.size(), 3u);
    EXPECT_TRUE(same(p[0], ebpf::mov64_reg(kRegCtx, R1), true));
    EXPECT_TRUE(same(p[1], ebpf::mov32_imm(kRegA, 0), true));
    EXPECT_TRUE(same(p[2], ebpf::mov32_imm(kRegX, 0), true));
}

TEST(CbpfTranslate, ReturnKMapsToPassOrDropAndOmitsTheUnusedEnding)
{
    const Program match = verdict({kRetMatch});
    EXPECT_EQ(verdict_at(match, 3), XDP_PASS);
    EXPECT_EQ(find(match, {ebpf::mov32_imm(R0, XDP_DROP)}), -1)
        << "an ending nothing jumps to is unreachable and the verifier refuses it";

    const Program no_match = verdict({kRetNoMatch});
    EXPECT_EQ(verdict_at(no_match, 3), XDP_DROP);
    EXPECT_EQ(find(no_match, {ebpf::mov32_imm(R0, XDP_PASS)}), -1);
}

TEST(CbpfTranslate, ReturnAMatchesWhenANonZero)
{
    const Program p = verdict({stmt(BPF_LD | BPF_IMM, 7), stmt(BPF_RET | BPF_A, 0)});
    const int at = find(p, {ebpf::mov32_imm(kRegA, 7), ebpf::jmp32_imm(BPF_JNE, kRegA, 0, 0)});
    ASSERT_GE(at, 0);
    EXPECT_EQ(branch_verdicts(p, at + 1), std::make_pair(int{XDP_PASS}, int{XDP_DROP}));
}

TEST(CbpfTranslate, ImmediateLoadsKeepAll32Bits)
{
    const Program p = verdict(
        {stmt(BPF_LD | BPF_IMM, 0xffffffff), stmt(BPF_LDX | BPF_IMM, 0x80000000), kRetMatch});
    // mov32 zero-extends its immediate: A is 0x00000000ffffffff, not -1.
    EXPECT_GE(find(p, {ebpf::mov32_imm(kRegA, -1), ebpf::mov32_imm(kRegX, INT32_MIN)}, true), 0);
}

TEST(CbpfTranslate, EveryAluOpWithKIsA32BitAluOnA)
{
    for (uint8_t op : {BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_MOD, BPF_AND, BPF_OR, BPF_XOR,
                       BPF_LSH, BPF_RSH}) {
        const Program p = verdict({stmt(BPF_ALU | op | BPF_K, 5), kRetMatch});
        EXPECT_GE(find(p, {ebpf::alu32_imm(op, kRegA, 5)}, true), 0) << "op " << int{op};
        EXPECT_EQ(count_code(p, BPF_ALU64 | op | BPF_K), 0) << "64-bit ALU would not wrap at 2^32";
    }
}

TEST(CbpfTranslate, AluOpsWithXUseTheXRegister)
{
    for (uint8_t op : {BPF_ADD, BPF_SUB, BPF_MUL, BPF_AND, BPF_OR, BPF_XOR}) {
        const Program p = verdict({stmt(BPF_ALU | op | BPF_X, 0), kRetMatch});
        EXPECT_GE(find(p, {ebpf::alu32_reg(op, kRegA, kRegX)}, true), 0) << "op " << int{op};
    }
}

TEST(CbpfTranslate, DivisionAndModuloByXZeroMeanNoMatch)
{
    for (uint8_t op : {BPF_DIV, BPF_MOD}) {
        const Program p = verdict({stmt(BPF_ALU | op | BPF_X, 0), kRetMatch});
        const int at =
            find(p, {ebpf::jmp32_imm(BPF_JEQ, kRegX, 0, 0), ebpf::alu32_reg(op, kRegA, kRegX)});
        ASSERT_GE(at, 0) << "op " << int{op};
        EXPECT_EQ(verdict_at(p, jump_target(p, at)), XDP_DROP);
    }
}

TEST(CbpfTranslate, ShiftByXOf32OrMoreGivesZeroLikeLibpcap)
{
    const Program p = verdict({stmt(BPF_ALU | BPF_LSH | BPF_X, 0), kRetMatch});
    const int at = find(p, {ebpf::jmp32_imm(BPF_JLT, kRegX, 32, 0), ebpf::mov32_imm(kRegA, 0),
                            ebpf::jump_always(0), ebpf::alu32_reg(BPF_LSH, kRegA, kRegX)});
    ASSERT_GE(at, 0);
    EXPECT_EQ(jump_target(p, at), static_cast<size_t>(at + 3));
    EXPECT_EQ(jump_target(p, at + 2), static_cast<size_t>(at + 4));
}

TEST(CbpfTranslate, NegTaxTxa)
{
    const Program p = verdict({stmt(BPF_ALU | BPF_NEG, 0), stmt(BPF_MISC | BPF_TAX, 0),
                               stmt(BPF_MISC | BPF_TXA, 0), kRetMatch});
    EXPECT_GE(
        find(p, {ebpf::neg32(kRegA), ebpf::mov32_reg(kRegX, kRegA), ebpf::mov32_reg(kRegA, kRegX)},
             true),
        0);
}

TEST(CbpfTranslate, ScratchMemoryLivesOnTheStackAndStartsZeroed)
{
    const Program p = verdict({stmt(BPF_ST, 3), stmt(BPF_STX, 15), stmt(BPF_LD | BPF_MEM, 15),
                               stmt(BPF_LDX | BPF_MEM, 0), kRetMatch});
    EXPECT_GE(
        find(p,
             {ebpf::store_mem(BPF_W, kRegFp, kRegA, -64 + 12),
              ebpf::store_mem(BPF_W, kRegFp, kRegX, -4), ebpf::load_mem(BPF_W, kRegA, kRegFp, -4),
              ebpf::load_mem(BPF_W, kRegX, kRegFp, -64)},
             true),
        0);
    // The verifier refuses reads of uninitialised stack: M[] is zeroed first.
    EXPECT_EQ(count_code(p, BPF_STX | BPF_MEM | BPF_DW), 8);
}

TEST(CbpfTranslate, NoScratchZeroingWithoutScratchLoads)
{
    const Program p = verdict({stmt(BPF_ST, 3), kRetMatch});
    EXPECT_EQ(count_code(p, BPF_STX | BPF_MEM | BPF_DW), 0);
}

TEST(CbpfTranslate, LengthIsTheWholeFrameLength)
{
    const Program p =
        verdict({stmt(BPF_LD | BPF_W | BPF_LEN, 0), stmt(BPF_LDX | BPF_W | BPF_LEN, 0), kRetMatch});
    EXPECT_GE(find(p,
                   {ebpf::mov64_reg(R1, kRegCtx), ebpf::call(BPF_FUNC_xdp_get_buff_len),
                    ebpf::mov32_reg(kRegFrameLength, R0)},
                   true),
              0);
    EXPECT_GE(
        find(p, {ebpf::mov32_reg(kRegA, kRegFrameLength), ebpf::mov32_reg(kRegX, kRegFrameLength)},
             true),
        0);
    EXPECT_EQ(count_code(p, BPF_LDX | BPF_MEM | BPF_W), 0) << "no metadata read unless asked";
}

TEST(CbpfTranslate, LengthCanComeFromMetadata)
{
    const Program p = translate_to_xdp({stmt(BPF_LD | BPF_W | BPF_LEN, 0), kRetMatch},
                                       {.frame_length_from_metadata = true});
    const int at = find(p, {ebpf::load_mem(BPF_W, R2, kRegCtx, offsetof(xdp_md, data_meta)),
                            ebpf::load_mem(BPF_W, R3, kRegCtx, offsetof(xdp_md, data)),
                            ebpf::mov64_reg(R4, R2), ebpf::alu64_imm(BPF_ADD, R4, 4),
                            ebpf::jmp64_reg(BPF_JGT, R4, R3, 0),
                            ebpf::load_mem(BPF_W, kRegFrameLength, R2, 0)});
    ASSERT_GE(at, 0);
    EXPECT_EQ(jump_target(p, at + 4), static_cast<size_t>(at + 6)) << "no metadata: keep len";
}

// The direct and helper paths of a load of `bytes` into `dst` at offset k.
Program absolute_load(uint8_t size, uint8_t dst, uint32_t k)
{
    const int32_t bytes = size == BPF_W ? 4 : size == BPF_H ? 2 : 1;
    Program swap;
    if (bytes > 1)
        swap.push_back(ebpf::to_be(dst, bytes * 8));
    Program seq = {ebpf::load_mem(BPF_W, R2, kRegCtx, offsetof(xdp_md, data)),
                   ebpf::alu64_imm(BPF_ADD, R2, static_cast<int32_t>(k)),
                   ebpf::load_mem(BPF_W, R3, kRegCtx, offsetof(xdp_md, data_end)),
                   ebpf::mov64_reg(R4, R2),
                   ebpf::alu64_imm(BPF_ADD, R4, bytes),
                   ebpf::jmp64_reg(BPF_JGT, R4, R3, 0),
                   ebpf::load_mem(size, dst, R2, 0)};
    seq.insert(seq.end(), swap.begin(), swap.end());
    seq.push_back(ebpf::jump_always(0));
    const Program helper = {ebpf::mov32_imm(R2, static_cast<int32_t>(k)),
                            ebpf::mov64_reg(R1, kRegCtx),
                            ebpf::mov64_reg(R3, kRegFp),
                            ebpf::alu64_imm(BPF_ADD, R3, kLoadBufferOffset),
                            ebpf::mov64_imm(R4, bytes),
                            ebpf::call(BPF_FUNC_xdp_load_bytes),
                            ebpf::jmp64_imm(BPF_JNE, R0, 0, 0),
                            ebpf::load_mem(size, dst, kRegFp, kLoadBufferOffset)};
    seq.insert(seq.end(), helper.begin(), helper.end());
    seq.insert(seq.end(), swap.begin(), swap.end());
    return seq;
}

TEST(CbpfTranslate, AbsoluteLoadsAreBoundsCheckedBigEndianWithAHelperFallback)
{
    for (uint8_t size : {BPF_W, BPF_H, BPF_B}) {
        const Program p = verdict({stmt(BPF_LD | size | BPF_ABS, 12), kRetMatch});
        const Program expected = absolute_load(size, kRegA, 12);
        const int at = find(p, expected);
        ASSERT_GE(at, 0) << "size " << int{size};
        const int bounds = at + 5;
        const int skip_helper = at + (size == BPF_B ? 7 : 8);
        const int helper = skip_helper + 1;
        EXPECT_EQ(jump_target(p, bounds), static_cast<size_t>(helper))
            << "past data_end: the helper reads fragments";
        EXPECT_EQ(jump_target(p, skip_helper), at + expected.size());
        EXPECT_EQ(verdict_at(p, jump_target(p, helper + 6)), XDP_DROP)
            << "beyond the frame: no match";
    }
}

TEST(CbpfTranslate, LoadsBeyond64KiBOnlyUseTheHelperWhichRefusesThem)
{
    const Program p = verdict({stmt(BPF_LD | BPF_W | BPF_ABS, 0x10000), kRetMatch});
    EXPECT_EQ(find(p, {ebpf::load_mem(BPF_W, R2, kRegCtx, offsetof(xdp_md, data))}), -1);
    EXPECT_GE(find(p, {ebpf::mov32_imm(R2, 0x10000), ebpf::mov64_reg(R1, kRegCtx)}), 0);
}

TEST(CbpfTranslate, IndirectLoadsClampXPlusKBeforeUsingIt)
{
    const Program p = verdict({stmt(BPF_LD | BPF_H | BPF_IND, 14), kRetMatch});
    const int at = find(p, {ebpf::mov32_reg(R1, kRegX), ebpf::alu64_imm(BPF_ADD, R1, 14),
                            ebpf::jmp64_imm(BPF_JGT, R1, 0xffff, 0),
                            ebpf::jmp64_imm(BPF_JGT, R1, 0xffff - 4, 0),
                            ebpf::load_mem(BPF_W, R2, kRegCtx, offsetof(xdp_md, data)),
                            ebpf::alu64_reg(BPF_ADD, R2, R1)});
    ASSERT_GE(at, 0);
    EXPECT_EQ(verdict_at(p, jump_target(p, at + 2)), XDP_DROP);
    // Offsets the verifier cannot bound go to the helper, given X + k.
    const size_t helper = jump_target(p, at + 3);
    EXPECT_TRUE(same(p.at(helper), ebpf::mov64_reg(R2, R1), true));
    EXPECT_TRUE(same(p.at(helper + 5), ebpf::call(BPF_FUNC_xdp_load_bytes), true));
}

TEST(CbpfTranslate, IndirectLoadWithHugeKDoesNotSignExtend)
{
    const Program p = verdict({stmt(BPF_LD | BPF_B | BPF_IND, 0xfffffff0), kRetMatch});
    EXPECT_GE(find(p, {ebpf::mov32_reg(R1, kRegX), ebpf::mov32_imm(R2, -16),
                       ebpf::alu64_reg(BPF_ADD, R1, R2), ebpf::jmp64_imm(BPF_JGT, R1, 0xffff, 0)}),
              0);
}

TEST(CbpfTranslate, MshLoadsTheIpv4HeaderLengthIntoX)
{
    const Program p = verdict({stmt(BPF_LDX | BPF_B | BPF_MSH, 14), kRetMatch});
    const Program load = absolute_load(BPF_B, kRegX, 14);
    const int at = find(p, load);
    ASSERT_GE(at, 0);
    EXPECT_GE(find(p,
                   {ebpf::load_mem(BPF_B, kRegX, kRegFp, kLoadBufferOffset),
                    ebpf::alu32_imm(BPF_AND, kRegX, 0xf), ebpf::alu32_imm(BPF_LSH, kRegX, 2)},
                   true),
              0);
}

TEST(CbpfTranslate, ConditionalJumpsReachBothTargets)
{
    struct Case {
        uint16_t code;
        uint8_t op;
        bool x;
    };
    for (const Case c : {Case{BPF_JEQ | BPF_K, BPF_JEQ, false},
                         {BPF_JGT | BPF_K, BPF_JGT, false},
                         {BPF_JGE | BPF_K, BPF_JGE, false},
                         {BPF_JSET | BPF_K, BPF_JSET, false},
                         {BPF_JEQ | BPF_X, BPF_JEQ, true},
                         {BPF_JGT | BPF_X, BPF_JGT, true},
                         {BPF_JGE | BPF_X, BPF_JGE, true},
                         {BPF_JSET | BPF_X, BPF_JSET, true}}) {
        // jt -> match, jf -> no match, neither is the next instruction.
        const Program p = verdict(
            {jump(BPF_JMP | c.code, 0x80000001, 1, 2), kRetNoMatch, kRetMatch, kRetNoMatch});
        const bpf_insn cmp = c.x ? ebpf::jmp32_reg(c.op, kRegA, kRegX, 0)
                                 : ebpf::jmp32_imm(c.op, kRegA, INT32_MIN + 1, 0);
        const int at = find(p, {cmp});
        ASSERT_GE(at, 0) << "op " << int{c.op};
        EXPECT_EQ(branch_verdicts(p, at), std::make_pair(int{XDP_PASS}, int{XDP_DROP}));
    }
}

TEST(CbpfTranslate, JumpWhoseTrueTargetIsNextIsInverted)
{
    const Program p = verdict({jump(BPF_JMP | BPF_JGT | BPF_K, 9, 0, 1), kRetMatch, kRetNoMatch});
    const int at = find(p, {ebpf::jmp32_imm(BPF_JLE, kRegA, 9, 0)});
    ASSERT_GE(at, 0);
    EXPECT_EQ(branch_verdicts(p, at), std::make_pair(int{XDP_DROP}, int{XDP_PASS}));
}

TEST(CbpfTranslate, JsetWhoseTrueTargetIsNextStillBranchesCorrectly)
{
    const Program p = verdict({jump(BPF_JMP | BPF_JSET | BPF_K, 4, 0, 1), kRetMatch, kRetNoMatch});
    const int at = find(p, {ebpf::jmp32_imm(BPF_JSET, kRegA, 4, 0)});
    ASSERT_GE(at, 0);
    EXPECT_EQ(branch_verdicts(p, at), std::make_pair(int{XDP_PASS}, int{XDP_DROP}));
}

TEST(CbpfTranslate, JumpAlwaysAndUnreachableCodeIsDropped)
{
    const Program p =
        verdict({stmt(BPF_JMP | BPF_JA, 1), stmt(BPF_LD | BPF_IMM, 0x1234), kRetMatch});
    EXPECT_EQ(find(p, {ebpf::mov32_imm(kRegA, 0x1234)}), -1);
    EXPECT_EQ(verdict_at(p, 3), XDP_PASS);
}

TEST(CbpfTranslate, RunningOffTheEndMeansNoMatch)
{
    const Program p = verdict({stmt(BPF_LD | BPF_IMM, 1)});
    EXPECT_EQ(verdict_at(p, 4), XDP_DROP);
}

TEST(CbpfTranslate, TailCallEndingNeverDrops)
{
    const int fake_map_fd = 42;
    const Program p =
        translate_to_xdp({jump(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1), kRetMatch, kRetNoMatch},
                         {.ending = Ending::TailCall, .prog_array_fd = fake_map_fd});
    for (uint32_t slot : {kMatchSlot, kNoMatchSlot}) {
        EXPECT_GE(
            find(p,
                 {ebpf::mov64_reg(R1, kRegCtx), ebpf::load_map_fd_lo(R2, fake_map_fd),
                  ebpf::load_map_fd_hi(), ebpf::mov32_imm(R3, slot), ebpf::call(BPF_FUNC_tail_call),
                  ebpf::mov32_imm(R0, XDP_PASS), ebpf::exit_insn()},
                 true),
            0)
            << "slot " << slot;
    }
    EXPECT_EQ(find(p, {ebpf::mov32_imm(R0, XDP_DROP)}), -1);
}

TEST(CbpfTranslate, TailCallWithoutProgramArrayIsRefused)
{
    EXPECT_THROW(translate_to_xdp({kRetMatch}, {.ending = Ending::TailCall}), netmon::Error);
}

TEST(CbpfTranslate, InvalidClassicProgramsAreRefused)
{
    const std::vector<std::pair<const char *, Classic>> invalid = {
        {"empty", {}},
        {"divide by K=0", {stmt(BPF_ALU | BPF_DIV | BPF_K, 0), kRetMatch}},
        {"modulo by K=0", {stmt(BPF_ALU | BPF_MOD | BPF_K, 0), kRetMatch}},
        {"shift by 32", {stmt(BPF_ALU | BPF_LSH | BPF_K, 32), kRetMatch}},
        {"jump before the start", {stmt(BPF_LD | BPF_IMM, 0), stmt(BPF_JMP | BPF_JA, 0xfffffffd)}},
        {"jump past end", {jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 5), kRetMatch}},
        {"scratch index 16", {stmt(BPF_ST, 16), kRetMatch}},
        {"RET X", {stmt(BPF_RET | BPF_X, 0)}},
        {"unknown opcode", {stmt(BPF_LD | BPF_DW | BPF_ABS, 0), kRetMatch}},
    };
    for (const auto &[name, classic] : invalid) {
        const auto &program = classic; // a lambda cannot capture a structured binding in clang 14
        EXPECT_EQ(exit_code_of([&] { verdict(program); }), netmon::kExitUsage) << name;
    }
}

TEST(CbpfTranslate, TranslatesLibpcapOutputForTcpPort80)
{
    const Classic classic = compile_pcap_filter("tcp port 80");
    // tcpdump -d 'tcp port 80': 20 instructions, MSH at 13, [x + 14] at 14.
    ASSERT_EQ(classic.size(), 20u);
    EXPECT_EQ(classic[13].code, BPF_LDX | BPF_B | BPF_MSH);
    EXPECT_EQ(classic[14].code, BPF_LD | BPF_H | BPF_IND);
    const Program p = verdict(classic);
    EXPECT_GE(find(p, {ebpf::mov32_reg(R1, kRegX), ebpf::alu64_imm(BPF_ADD, R1, 14)}), 0);
    // (001) jeq #0x86dd jt 2 jf 8: jt is the next instruction, so inverted.
    EXPECT_GE(find(p, {ebpf::jmp32_imm(BPF_JNE, kRegA, 0x86dd, 0)}), 0);
}

TEST(PcapCompile, InvalidExpressionCarriesLibpcapsMessage)
{
    try {
        compile_pcap_filter("tcp prot 80");
        FAIL() << "expected an error";
    } catch (const netmon::Error &e) {
        EXPECT_EQ(e.exit_code(), netmon::kExitUsage);
        const std::string message = e.what();
        EXPECT_EQ(message.rfind("invalid filter 'tcp prot 80': ", 0), 0u) << message;
        EXPECT_NE(message.find("syntax error"), std::string::npos) << message;
    }
}

TEST(PcapCompile, UnknownHostIsAnError)
{
    EXPECT_EQ(exit_code_of([] { compile_pcap_filter("ether host zz:zz"); }), netmon::kExitUsage);
}

} // namespace
