#include "filter/cbpf_to_xdp.h"

#include <linux/pkt_cls.h>

#include <cstddef>
#include <cstdio>
#include <limits>
#include <string>

#include "core/error.h"
#include "filter/ebpf_insn.h"
#include "filter/xdp_filter_layout.h"

namespace netmon::filter {

namespace {

using namespace layout;

constexpr uint8_t R0 = 0, R1 = 1, R2 = 2, R3 = 3, R4 = 4, R5 = 5;

enum class Target { Xdp, Tc };

// Where the context keeps what the program reads, per program type.
struct ContextLayout {
    int16_t data;
    int16_t data_end;
    int32_t load_bytes_helper; // same arguments: (ctx, offset, to, len)
    int32_t pass;              // what the program returns when a tail call fails
    int32_t verdict_match;     // Ending::Verdict
    int32_t verdict_no_match;
};

constexpr ContextLayout kXdpLayout{offsetof(xdp_md, data),
                                   offsetof(xdp_md, data_end),
                                   BPF_FUNC_xdp_load_bytes,
                                   XDP_PASS,
                                   XDP_PASS,
                                   XDP_DROP};
// TC never drops: "no match" in a test verdict is TC_ACT_UNSPEC too.
constexpr ContextLayout kTcLayout{offsetof(__sk_buff, data),
                                  offsetof(__sk_buff, data_end),
                                  BPF_FUNC_skb_load_bytes,
                                  TC_ACT_UNSPEC,
                                  TC_ACT_OK,
                                  TC_ACT_UNSPEC};

constexpr int16_t kDataMetaOffset = offsetof(xdp_md, data_meta);
constexpr int16_t kSkbLenOffset = offsetof(__sk_buff, len);

// Largest X + k that still takes the direct-access path: the verifier only
// trusts a packet range if (variable offset + access size) <= 0xffff.
constexpr uint32_t kMaxDirectVarOffset = kMaxPacketOffset - 4;

std::string describe(const sock_filter &insn, size_t index)
{
    char buf[96];
    snprintf(buf, sizeof(buf), "classic BPF instruction %zu (code 0x%02x, k %u)", index, insn.code,
             insn.k);
    return buf;
}

uint32_t access_bytes(uint16_t code)
{
    switch (BPF_SIZE(code)) {
    case BPF_W:
        return 4;
    case BPF_H:
        return 2;
    default:
        return 1;
    }
}

class Translator {
  public:
    Translator(const std::vector<sock_filter> &classic, const TranslateOptions &options,
               Target target)
        : classic_(classic), options_(options), target_(target),
          ctx_(target == Target::Tc ? kTcLayout : kXdpLayout), label_pos_(classic.size(), kUnbound)
    {
        if (target == Target::Tc && options.frame_length_from_metadata)
            throw Error("internal: a TC filter has no metadata to take the frame length from");
        match_ = new_label();
        no_match_ = new_label();
    }

    std::vector<bpf_insn> run()
    {
        validate();
        emit_prologue();
        for (size_t i = 0; i < classic_.size(); ++i) {
            if (!reachable_[i])
                continue; // the verifier rejects unreachable instructions
            bind(static_cast<Label>(i));
            emit_classic(i);
        }
        emit_epilogue();
        resolve_jumps();
        return std::move(out_);
    }

  private:
    using Label = int;
    static constexpr int kUnbound = -1;

    struct Fixup {
        size_t at;
        Label label;
    };

    const std::vector<sock_filter> &classic_;
    const TranslateOptions &options_;
    const Target target_;
    const ContextLayout &ctx_;
    std::vector<bpf_insn> out_;
    std::vector<int> label_pos_; // labels 0..n-1 are the classic instructions
    std::vector<Fixup> fixups_;
    std::vector<bool> reachable_;
    Label match_ = 0, no_match_ = 0;
    bool uses_scratch_ = false, uses_length_ = false;

    Label new_label()
    {
        label_pos_.push_back(kUnbound);
        return static_cast<Label>(label_pos_.size() - 1);
    }
    void bind(Label label) { label_pos_[label] = static_cast<int>(out_.size()); }
    void emit(const bpf_insn &insn) { out_.push_back(insn); }
    // Emits a jump whose offset is filled in once `label` is bound.
    void emit_jump(const bpf_insn &jump, Label label)
    {
        fixups_.push_back({out_.size(), label});
        out_.push_back(jump);
    }
    bool referenced(Label label) const
    {
        for (const Fixup &f : fixups_)
            if (f.label == label)
                return true;
        return false;
    }

    [[noreturn]] void reject(size_t index, const std::string &why) const
    {
        throw Error("cannot translate " + describe(classic_[index], index) + ": " + why,
                    kExitUsage);
    }

    // Checks every instruction is one we translate, jumps go forward and
    // inside the program, and finds the instructions that can run.
    void validate()
    {
        const size_t n = classic_.size();
        if (n == 0)
            throw Error("cannot translate an empty classic BPF program", kExitUsage);
        std::vector<bool> falls_through(n);
        for (size_t i = 0; i < n; ++i)
            falls_through[i] = check_instruction(i);
        // A worklist, not one pass: a backward jump can reach an
        // instruction already looked at.
        reachable_.assign(n, false);
        std::vector<size_t> work{0};
        reachable_[0] = true;
        auto mark = [&](size_t from, int64_t target) {
            if (target < 0 || target >= static_cast<int64_t>(n))
                reject(from, "jump outside the program");
            if (!reachable_[target]) {
                reachable_[target] = true;
                work.push_back(static_cast<size_t>(target));
            }
        };
        while (!work.empty()) {
            const size_t i = work.back();
            work.pop_back();
            const sock_filter &in = classic_[i];
            const auto next = static_cast<int64_t>(i) + 1;
            if (BPF_CLASS(in.code) == BPF_JMP) {
                if (BPF_OP(in.code) == BPF_JA) {
                    // libpcap's interpreter sign-extends k: `protochain`
                    // loops back over the extension headers.
                    mark(i, next + static_cast<int32_t>(in.k));
                } else {
                    mark(i, next + in.jt);
                    mark(i, next + in.jf);
                }
            } else if (falls_through[i] && i + 1 < n) {
                mark(i, next);
            }
        }
    }

    // Returns whether the instruction can continue to the next one.
    bool check_instruction(size_t i)
    {
        const sock_filter &in = classic_[i];
        switch (BPF_CLASS(in.code)) {
        case BPF_LD:
        case BPF_LDX: {
            const bool ldx = BPF_CLASS(in.code) == BPF_LDX;
            switch (BPF_MODE(in.code)) {
            case BPF_IMM:
                return true;
            case BPF_LEN:
                uses_length_ = true;
                return true;
            case BPF_MEM:
                if (in.k >= BPF_MEMWORDS)
                    reject(i, "scratch memory index out of range");
                uses_scratch_ = true;
                return true;
            case BPF_ABS:
            case BPF_IND:
                if (ldx || BPF_SIZE(in.code) == BPF_DW)
                    break;
                return true;
            case BPF_MSH:
                if (!ldx || BPF_SIZE(in.code) != BPF_B)
                    break;
                return true;
            }
            break;
        }
        case BPF_ST:
        case BPF_STX:
            if (in.k >= BPF_MEMWORDS)
                reject(i, "scratch memory index out of range");
            return true;
        case BPF_ALU:
            switch (BPF_OP(in.code)) {
            case BPF_DIV:
            case BPF_MOD:
                if (BPF_SRC(in.code) == BPF_K && in.k == 0)
                    reject(i, "division by zero");
                return true;
            case BPF_LSH:
            case BPF_RSH:
                if (BPF_SRC(in.code) == BPF_K && in.k >= 32)
                    reject(i, "shift by 32 or more");
                return true;
            case BPF_ADD:
            case BPF_SUB:
            case BPF_MUL:
            case BPF_AND:
            case BPF_OR:
            case BPF_XOR:
            case BPF_NEG:
                return true;
            }
            break;
        case BPF_JMP:
            switch (BPF_OP(in.code)) {
            case BPF_JA:
            case BPF_JEQ:
            case BPF_JGT:
            case BPF_JGE:
            case BPF_JSET:
                return false;
            }
            break;
        case BPF_RET:
            if (BPF_RVAL(in.code) == BPF_K || BPF_RVAL(in.code) == BPF_A)
                return false;
            break;
        case BPF_MISC:
            if (BPF_MISCOP(in.code) == BPF_TAX || BPF_MISCOP(in.code) == BPF_TXA)
                return true;
            break;
        }
        reject(i, "unsupported instruction");
    }

    void emit_prologue()
    {
        emit(ebpf::mov64_reg(kRegCtx, R1));
        emit(ebpf::mov32_imm(kRegA, 0)); // classic BPF starts with A = X = 0
        emit(ebpf::mov32_imm(kRegX, 0));
        if (uses_scratch_) {
            // The verifier refuses reads of uninitialised stack; libpcap
            // zeroes M[] too.
            emit(ebpf::mov64_imm(R0, 0));
            for (int16_t off = kScratchOffset; off < kScratchOffset + 64; off += 8)
                emit(ebpf::store_mem(BPF_DW, kRegFp, R0, off));
        }
        if (uses_length_)
            emit_frame_length();
        if (options_.frame_length_from_metadata)
            emit_captured_length();
    }

    // Stack slot kCapturedLengthOffset = the captured length when the
    // metadata has 8 bytes, else 2^32 (no bound beyond data_end).
    void emit_captured_length()
    {
        const Label done = new_label();
        emit(ebpf::mov64_imm(R0, 1));
        emit(ebpf::alu64_imm(BPF_LSH, R0, 32));
        emit(ebpf::load_mem(BPF_W, R2, kRegCtx, kDataMetaOffset));
        emit(ebpf::load_mem(BPF_W, R3, kRegCtx, ctx_.data));
        emit(ebpf::mov64_reg(R4, R2));
        emit(ebpf::alu64_imm(BPF_ADD, R4, 8));
        emit_jump(ebpf::jmp64_reg(BPF_JGT, R4, R3, 0), done);
        emit(ebpf::load_mem(BPF_W, R0, R2, 4));
        bind(done);
        emit(ebpf::store_mem(BPF_DW, kRegFp, R0, kCapturedLengthOffset));
    }

    // With a captured length from the metadata: no match if the load of
    // `bytes` at R1 (indexed) or at k ends past it, as libpcap decides on
    // the frame's real bytes. Clobbers R4, R5.
    void emit_captured_length_check(uint32_t bytes, uint32_t k, bool indexed)
    {
        if (!options_.frame_length_from_metadata)
            return;
        if (indexed) {
            emit(ebpf::mov64_reg(R4, R1));
            emit(ebpf::alu64_imm(BPF_ADD, R4, static_cast<int32_t>(bytes)));
        } else {
            // k + bytes in 64 bits: k may be anything up to 2^32 - 1.
            emit(ebpf::mov32_imm(R4, static_cast<int32_t>(k)));
            emit(ebpf::alu64_imm(BPF_ADD, R4, static_cast<int32_t>(bytes)));
        }
        emit(ebpf::load_mem(BPF_DW, R5, kRegFp, kCapturedLengthOffset));
        emit_jump(ebpf::jmp64_reg(BPF_JGT, R4, R5, 0), no_match_);
    }

    // kRegFrameLength = whole frame length (linear part + fragments, or
    // skb->len), or the length the caller put in the XDP metadata.
    void emit_frame_length()
    {
        if (target_ == Target::Tc) {
            emit(ebpf::load_mem(BPF_W, kRegFrameLength, kRegCtx, kSkbLenOffset));
            return;
        }
        emit(ebpf::mov64_reg(R1, kRegCtx));
        emit(ebpf::call(BPF_FUNC_xdp_get_buff_len));
        emit(ebpf::mov32_reg(kRegFrameLength, R0));
        if (!options_.frame_length_from_metadata)
            return;
        const Label done = new_label();
        emit(ebpf::load_mem(BPF_W, R2, kRegCtx, kDataMetaOffset));
        emit(ebpf::load_mem(BPF_W, R3, kRegCtx, ctx_.data));
        emit(ebpf::mov64_reg(R4, R2));
        emit(ebpf::alu64_imm(BPF_ADD, R4, 4));
        emit_jump(ebpf::jmp64_reg(BPF_JGT, R4, R3, 0), done);
        emit(ebpf::load_mem(BPF_W, kRegFrameLength, R2, 0));
        bind(done);
    }

    void emit_classic(size_t i)
    {
        const sock_filter &in = classic_[i];
        switch (BPF_CLASS(in.code)) {
        case BPF_LD:
            emit_load(i, kRegA);
            break;
        case BPF_LDX:
            emit_load(i, kRegX);
            break;
        case BPF_ST:
            emit(ebpf::store_mem(BPF_W, kRegFp, kRegA, scratch_slot(in.k)));
            break;
        case BPF_STX:
            emit(ebpf::store_mem(BPF_W, kRegFp, kRegX, scratch_slot(in.k)));
            break;
        case BPF_ALU:
            emit_alu(in);
            break;
        case BPF_JMP:
            emit_jmp(i);
            return; // jumps never fall through
        case BPF_RET:
            if (BPF_RVAL(in.code) == BPF_K) {
                emit_jump(ebpf::jump_always(0), in.k != 0 ? match_ : no_match_);
            } else {
                emit_jump(ebpf::jmp32_imm(BPF_JNE, kRegA, 0, 0), match_);
                emit_jump(ebpf::jump_always(0), no_match_);
            }
            return;
        case BPF_MISC:
            if (BPF_MISCOP(in.code) == BPF_TAX)
                emit(ebpf::mov32_reg(kRegX, kRegA));
            else
                emit(ebpf::mov32_reg(kRegA, kRegX));
            break;
        }
        // Running off the end of a classic program means "no match".
        if (i + 1 == classic_.size())
            emit_jump(ebpf::jump_always(0), no_match_);
    }

    void emit_load(size_t i, uint8_t dst)
    {
        const sock_filter &in = classic_[i];
        switch (BPF_MODE(in.code)) {
        case BPF_IMM:
            emit(ebpf::mov32_imm(dst, static_cast<int32_t>(in.k)));
            break;
        case BPF_LEN:
            emit(ebpf::mov32_reg(dst, kRegFrameLength));
            break;
        case BPF_MEM:
            emit(ebpf::load_mem(BPF_W, dst, kRegFp, scratch_slot(in.k)));
            break;
        case BPF_ABS:
            emit_packet_load(dst, BPF_SIZE(in.code), in.k, /*indexed=*/false);
            break;
        case BPF_IND:
            emit_packet_load(dst, BPF_SIZE(in.code), in.k, /*indexed=*/true);
            break;
        case BPF_MSH: // X = (P[k] & 0xf) << 2, the IPv4 header length
            emit_packet_load(dst, BPF_B, in.k, /*indexed=*/false);
            emit(ebpf::alu32_imm(BPF_AND, dst, 0xf));
            emit(ebpf::alu32_imm(BPF_LSH, dst, 2));
            break;
        }
    }

    // dst = big-endian P[offset .. offset+size), offset = k or X + k.
    // Out of bounds: no match, as in classic BPF. The linear part is read
    // directly; beyond it (or at offsets the verifier cannot bound),
    // bpf_xdp_load_bytes() reads the fragments of a multi-buffer frame, and
    // bpf_skb_load_bytes() the paged part of a non-linear skb.
    void emit_packet_load(uint8_t dst, uint8_t size, uint32_t k, bool indexed)
    {
        const uint32_t bytes = access_bytes(size);
        const Label slow = new_label();
        const Label done = new_label();
        bool direct = true;
        if (indexed) {
            // R1 = X + k in 64 bits: cannot wrap, unlike the u32 the helper takes.
            emit(ebpf::mov32_reg(R1, kRegX));
            if (k <= kMaxPacketOffset) {
                emit(ebpf::alu64_imm(BPF_ADD, R1, static_cast<int32_t>(k)));
            } else {
                emit(ebpf::mov32_imm(R2, static_cast<int32_t>(k)));
                emit(ebpf::alu64_reg(BPF_ADD, R1, R2));
            }
            emit_jump(ebpf::jmp64_imm(BPF_JGT, R1, kMaxPacketOffset, 0), no_match_);
            emit_captured_length_check(bytes, k, indexed);
            emit_jump(ebpf::jmp64_imm(BPF_JGT, R1, kMaxDirectVarOffset, 0), slow);
            emit(ebpf::load_mem(BPF_W, R2, kRegCtx, ctx_.data));
            emit(ebpf::alu64_reg(BPF_ADD, R2, R1));
        } else if (uint64_t{k} + bytes <= kMaxPacketOffset) {
            emit_captured_length_check(bytes, k, indexed);
            emit(ebpf::load_mem(BPF_W, R2, kRegCtx, ctx_.data));
            emit(ebpf::alu64_imm(BPF_ADD, R2, static_cast<int32_t>(k)));
        } else {
            emit_captured_length_check(bytes, k, indexed);
            direct = false;
        }
        if (direct) {
            // if (R2 + bytes > data_end) take the helper path
            emit(ebpf::load_mem(BPF_W, R3, kRegCtx, ctx_.data_end));
            emit(ebpf::mov64_reg(R4, R2));
            emit(ebpf::alu64_imm(BPF_ADD, R4, static_cast<int32_t>(bytes)));
            emit_jump(ebpf::jmp64_reg(BPF_JGT, R4, R3, 0), slow);
            emit(ebpf::load_mem(size, dst, R2, 0));
            emit_byte_swap(dst, bytes);
            emit_jump(ebpf::jump_always(0), done);
        }
        bind(slow);
        if (indexed) {
            emit(ebpf::mov64_reg(R2, R1));
        } else {
            emit(ebpf::mov32_imm(R2, static_cast<int32_t>(k)));
            // bpf_skb_load_bytes() would read on; the bound XDP's helper
            // sets keeps both directions alike. A conditional jump: code
            // after a load that can never succeed must stay reachable.
            if (target_ == Target::Tc && k > kMaxPacketOffset)
                emit_jump(ebpf::jmp64_imm(BPF_JGT, R2, kMaxPacketOffset, 0), no_match_);
        }
        emit(ebpf::mov64_reg(R1, kRegCtx));
        emit(ebpf::mov64_reg(R3, kRegFp));
        emit(ebpf::alu64_imm(BPF_ADD, R3, kLoadBufferOffset));
        emit(ebpf::mov64_imm(R4, static_cast<int32_t>(bytes)));
        emit(ebpf::call(ctx_.load_bytes_helper));
        emit_jump(ebpf::jmp64_imm(BPF_JNE, R0, 0, 0), no_match_);
        emit(ebpf::load_mem(size, dst, kRegFp, kLoadBufferOffset));
        emit_byte_swap(dst, bytes);
        bind(done);
    }

    void emit_byte_swap(uint8_t reg, uint32_t bytes)
    {
        if (bytes > 1)
            emit(ebpf::to_be(reg, static_cast<int32_t>(bytes * 8)));
    }

    void emit_alu(const sock_filter &in)
    {
        const uint8_t op = BPF_OP(in.code);
        const auto k = static_cast<int32_t>(in.k);
        if (op == BPF_NEG) {
            emit(ebpf::neg32(kRegA));
            return;
        }
        if (BPF_SRC(in.code) == BPF_K) {
            emit(ebpf::alu32_imm(op, kRegA, k)); // K == 0 / K >= 32 rejected in validate()
            return;
        }
        if (op == BPF_DIV || op == BPF_MOD) {
            // Classic BPF stops with "no match"; eBPF would yield 0 / A.
            emit_jump(ebpf::jmp32_imm(BPF_JEQ, kRegX, 0, 0), no_match_);
        } else if (op == BPF_LSH || op == BPF_RSH) {
            // libpcap defines A = 0 for X >= 32; eBPF would shift by X & 31.
            const Label shift = new_label();
            const Label done = new_label();
            emit_jump(ebpf::jmp32_imm(BPF_JLT, kRegX, 32, 0), shift);
            emit(ebpf::mov32_imm(kRegA, 0));
            emit_jump(ebpf::jump_always(0), done);
            bind(shift);
            emit(ebpf::alu32_reg(op, kRegA, kRegX));
            bind(done);
            return;
        }
        emit(ebpf::alu32_reg(op, kRegA, kRegX));
    }

    static uint8_t inverse(uint8_t op)
    {
        switch (op) {
        case BPF_JEQ:
            return BPF_JNE;
        case BPF_JGT:
            return BPF_JLE;
        case BPF_JGE:
            return BPF_JLT;
        default:
            return 0; // JSET has no inverse in eBPF
        }
    }

    bpf_insn compare(const sock_filter &in, uint8_t op) const
    {
        return BPF_SRC(in.code) == BPF_K ? ebpf::jmp32_imm(op, kRegA, static_cast<int32_t>(in.k), 0)
                                         : ebpf::jmp32_reg(op, kRegA, kRegX, 0);
    }

    // Jumps to classic instruction `target`; nothing if it is the next one,
    // which is emitted right after this one.
    void emit_goto(size_t from, size_t target)
    {
        if (target != from + 1)
            emit_jump(ebpf::jump_always(0), static_cast<Label>(target));
    }

    void emit_jmp(size_t i)
    {
        const sock_filter &in = classic_[i];
        const uint8_t op = BPF_OP(in.code);
        if (op == BPF_JA) {
            const int64_t target = static_cast<int64_t>(i) + 1 + static_cast<int32_t>(in.k);
            if (target <= static_cast<int64_t>(i)) {
                // A loop (libpcap's `protochain`): the verifier needs a
                // bound. may_goto gives the kernel's (8 Mi back-edges per
                // run, far beyond the 64 KiB a load reaches); a frame that
                // spends it, as libpcap would loop forever, does not match.
                emit_jump(ebpf::may_goto(0), no_match_);
            }
            emit_goto(i, static_cast<size_t>(target));
            return;
        }
        const size_t on_true = i + 1 + in.jt;
        const size_t on_false = i + 1 + in.jf;
        if (in.jt == in.jf) {
            emit_goto(i, on_true);
        } else if (in.jt == 0 && inverse(op) != 0) {
            emit_jump(compare(in, inverse(op)), static_cast<Label>(on_false));
        } else {
            emit_jump(compare(in, op), static_cast<Label>(on_true));
            emit_goto(i, on_false);
        }
    }

    void emit_epilogue()
    {
        if (referenced(match_)) {
            bind(match_);
            emit_ending(kMatchSlot, ctx_.verdict_match);
        }
        if (referenced(no_match_)) {
            bind(no_match_);
            emit_ending(kNoMatchSlot, ctx_.verdict_no_match);
        }
    }

    void emit_ending(uint32_t slot, int verdict)
    {
        if (options_.ending == Ending::Verdict) {
            emit(ebpf::mov32_imm(R0, verdict));
            emit(ebpf::exit_insn());
            return;
        }
        if (options_.prog_array_fd < 0)
            throw Error("tail-call filter needs a program array");
        emit(ebpf::mov64_reg(R1, kRegCtx));
        emit(ebpf::load_map_fd_lo(R2, options_.prog_array_fd));
        emit(ebpf::load_map_fd_hi());
        emit(ebpf::mov32_imm(R3, static_cast<int32_t>(slot)));
        emit(ebpf::call(BPF_FUNC_tail_call));
        emit(ebpf::mov32_imm(R0, ctx_.pass)); // only reached if the tail call failed
        emit(ebpf::exit_insn());
    }

    // Fills in the jump offsets now that every label is placed.
    void resolve_jumps()
    {
        for (const Fixup &f : fixups_) {
            const int target = label_pos_[f.label];
            if (target == kUnbound)
                throw Error("internal error: unbound label in filter translation");
            const long off = static_cast<long>(target) - static_cast<long>(f.at) - 1;
            if (off < std::numeric_limits<int16_t>::min() ||
                off > std::numeric_limits<int16_t>::max())
                throw Error("filter is too large to translate to eBPF (" +
                                std::to_string(classic_.size()) + " classic instructions)",
                            kExitUsage);
            out_[f.at].off = static_cast<int16_t>(off);
        }
    }
};

} // namespace

std::vector<bpf_insn> translate_to_xdp(const std::vector<sock_filter> &classic,
                                       const TranslateOptions &options)
{
    return Translator(classic, options, Target::Xdp).run();
}

std::vector<bpf_insn> translate_to_tc(const std::vector<sock_filter> &classic,
                                      const TranslateOptions &options)
{
    return Translator(classic, options, Target::Tc).run();
}

} // namespace netmon::filter
