// Builders for eBPF instructions (struct bpf_insn from linux/bpf.h).
//
// The kernel's BPF_ALU64_IMM()-style macros live in its private
// include/linux/filter.h, not in the UAPI, so the translator builds its
// instructions with these small constexpr functions instead.
#pragma once

#include <linux/bpf.h>

#include <cstdint>

namespace netmon::filter::ebpf {

constexpr bpf_insn make(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
    bpf_insn insn{};
    insn.code = code;
    insn.dst_reg = dst & 0xf;
    insn.src_reg = src & 0xf;
    insn.off = off;
    insn.imm = imm;
    return insn;
}

// 32-bit ALU: the upper half of dst is zeroed, as classic BPF's u32 needs.
constexpr bpf_insn alu32_imm(uint8_t op, uint8_t dst, int32_t imm)
{
    return make(BPF_ALU | op | BPF_K, dst, 0, 0, imm);
}
constexpr bpf_insn alu32_reg(uint8_t op, uint8_t dst, uint8_t src)
{
    return make(BPF_ALU | op | BPF_X, dst, src, 0, 0);
}
constexpr bpf_insn alu64_imm(uint8_t op, uint8_t dst, int32_t imm)
{
    return make(BPF_ALU64 | op | BPF_K, dst, 0, 0, imm);
}
constexpr bpf_insn alu64_reg(uint8_t op, uint8_t dst, uint8_t src)
{
    return make(BPF_ALU64 | op | BPF_X, dst, src, 0, 0);
}
constexpr bpf_insn mov32_imm(uint8_t dst, int32_t imm) { return alu32_imm(BPF_MOV, dst, imm); }
constexpr bpf_insn mov32_reg(uint8_t dst, uint8_t src) { return alu32_reg(BPF_MOV, dst, src); }
constexpr bpf_insn mov64_imm(uint8_t dst, int32_t imm) { return alu64_imm(BPF_MOV, dst, imm); }
constexpr bpf_insn mov64_reg(uint8_t dst, uint8_t src) { return alu64_reg(BPF_MOV, dst, src); }
constexpr bpf_insn neg32(uint8_t dst) { return make(BPF_ALU | BPF_NEG, dst, 0, 0, 0); }

// Converts the low `bits` of dst from big endian to host order and
// zero-extends the result (bits is 16 or 32).
constexpr bpf_insn to_be(uint8_t dst, int32_t bits)
{
    return make(BPF_ALU | BPF_END | BPF_TO_BE, dst, 0, 0, bits);
}

// dst = *(size *)(src + off), zero-extended.
constexpr bpf_insn load_mem(uint8_t size, uint8_t dst, uint8_t src, int16_t off)
{
    return make(BPF_LDX | BPF_MEM | size, dst, src, off, 0);
}
// *(size *)(dst + off) = src
constexpr bpf_insn store_mem(uint8_t size, uint8_t dst, uint8_t src, int16_t off)
{
    return make(BPF_STX | BPF_MEM | size, dst, src, off, 0);
}

// Jumps compare the low 32 bits (BPF_JMP32) so that an immediate >= 2^31
// is not sign-extended into a 64-bit comparison.
constexpr bpf_insn jmp32_imm(uint8_t op, uint8_t dst, int32_t imm, int16_t off)
{
    return make(BPF_JMP32 | op | BPF_K, dst, 0, off, imm);
}
constexpr bpf_insn jmp32_reg(uint8_t op, uint8_t dst, uint8_t src, int16_t off)
{
    return make(BPF_JMP32 | op | BPF_X, dst, src, off, 0);
}
// 64-bit comparisons, for pointers and 64-bit offsets.
constexpr bpf_insn jmp64_imm(uint8_t op, uint8_t dst, int32_t imm, int16_t off)
{
    return make(BPF_JMP | op | BPF_K, dst, 0, off, imm);
}
constexpr bpf_insn jmp64_reg(uint8_t op, uint8_t dst, uint8_t src, int16_t off)
{
    return make(BPF_JMP | op | BPF_X, dst, src, off, 0);
}
constexpr bpf_insn jump_always(int16_t off) { return make(BPF_JMP | BPF_JA, 0, 0, off, 0); }

// `may_goto off` (kernel 6.9+): falls through while the program's loop
// budget lasts (the kernel's BPF_MAX_LOOPS, 8 Mi per run), jumps once it is
// spent. The verifier accepts a loop that goes through one without
// unrolling it. Not yet in every UAPI header, hence the numbers.
inline constexpr uint8_t kJmpCond = 0xe0; // BPF_JCOND
inline constexpr uint8_t kMayGoto = 0;    // BPF_MAY_GOTO, in src_reg
constexpr bpf_insn may_goto(int16_t off) { return make(BPF_JMP | kJmpCond, 0, kMayGoto, off, 0); }

constexpr bpf_insn call(int32_t helper) { return make(BPF_JMP | BPF_CALL, 0, 0, 0, helper); }
constexpr bpf_insn exit_insn() { return make(BPF_JMP | BPF_EXIT, 0, 0, 0, 0); }

// The two halves of `dst = map` (BPF_LD_IMM64 with BPF_PSEUDO_MAP_FD).
constexpr bpf_insn load_map_fd_lo(uint8_t dst, int32_t map_fd)
{
    return make(BPF_LD | BPF_DW | BPF_IMM, dst, BPF_PSEUDO_MAP_FD, 0, map_fd);
}
constexpr bpf_insn load_map_fd_hi() { return make(0, 0, 0, 0, 0); }

} // namespace netmon::filter::ebpf
