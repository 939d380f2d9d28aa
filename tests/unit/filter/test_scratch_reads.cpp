// reads_unwritten_scratch(): a load from M[k] that some path reaches with
// no store to M[k] before it.
#include <gtest/gtest.h>

#include "filter/pcap_compile.h"
#include "filter/scratch_reads.h"

namespace {

using netmon::filter::reads_unwritten_scratch;

sock_filter insn(uint16_t code, uint32_t k, uint8_t jt = 0, uint8_t jf = 0)
{
    return {code, jt, jf, k};
}

const sock_filter kRetA = insn(BPF_RET | BPF_A, 0);

TEST(ScratchReads, ReadBeforeAnyWrite)
{
    EXPECT_TRUE(reads_unwritten_scratch({insn(BPF_LD | BPF_MEM, 3), kRetA}));
    EXPECT_TRUE(reads_unwritten_scratch({insn(BPF_LDX | BPF_MEM, 0), kRetA}));
}

TEST(ScratchReads, ReadAfterWriteOfTheSameSlot)
{
    EXPECT_FALSE(reads_unwritten_scratch({insn(BPF_ST, 3), insn(BPF_LD | BPF_MEM, 3), kRetA}));
    EXPECT_FALSE(reads_unwritten_scratch({insn(BPF_STX, 5), insn(BPF_LDX | BPF_MEM, 5), kRetA}));
}

TEST(ScratchReads, WriteOfAnotherSlotDoesNotCount)
{
    EXPECT_TRUE(reads_unwritten_scratch({insn(BPF_ST, 2), insn(BPF_LD | BPF_MEM, 3), kRetA}));
}

TEST(ScratchReads, WriteOnOnlyOneBranch)
{
    // if (A == 1) M[0] = A; A = M[0]
    EXPECT_TRUE(reads_unwritten_scratch({
        insn(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),
        insn(BPF_ST, 0),
        insn(BPF_LD | BPF_MEM, 0),
        kRetA,
    }));
    // Both branches write M[0] before the join.
    EXPECT_FALSE(reads_unwritten_scratch({
        insn(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 2),
        insn(BPF_ST, 0),
        insn(BPF_JMP | BPF_JA, 1),
        insn(BPF_STX, 0),
        insn(BPF_LD | BPF_MEM, 0),
        kRetA,
    }));
}

TEST(ScratchReads, UnreachableReadDoesNotCount)
{
    EXPECT_FALSE(reads_unwritten_scratch({kRetA, insn(BPF_LD | BPF_MEM, 0), kRetA}));
}

TEST(ScratchReads, LoopThatWritesBeforeReading)
{
    // M[1] = A; loop: A = M[1]; A += 1; M[1] = A; if (A < 5) goto loop
    EXPECT_FALSE(reads_unwritten_scratch({
        insn(BPF_ST, 1),
        insn(BPF_LD | BPF_MEM, 1),
        insn(BPF_ALU | BPF_ADD | BPF_K, 1),
        insn(BPF_ST, 1),
        insn(BPF_JMP | BPF_JGE | BPF_K, 5, 1, 0),
        insn(BPF_JMP | BPF_JA, static_cast<uint32_t>(-5)),
        kRetA,
    }));
}

TEST(ScratchReads, LibpcapsOwnProgramsWriteBeforeReading)
{
    for (const char *expr :
         {"tcp port 80", "ip[2:2] / (ip[1] & 3) > 100", "vlan and tcp", "ip6 protochain 58"})
        EXPECT_FALSE(reads_unwritten_scratch(netmon::filter::compile_pcap_filter(expr))) << expr;
}

} // namespace
