#include "filter/scratch_reads.h"

#include <cstddef>
#include <cstdint>

namespace netmon::filter {

namespace {

using Mask = uint16_t; // bit k: M[k] written on every path so far
constexpr Mask kAllWritten = 0xffff;

// Classic instructions control can reach next from `i`.
std::vector<size_t> successors(const std::vector<sock_filter> &prog, size_t i)
{
    const sock_filter &in = prog[i];
    std::vector<size_t> next;
    auto add = [&](int64_t target) {
        if (target >= 0 && static_cast<size_t>(target) < prog.size())
            next.push_back(static_cast<size_t>(target));
    };
    switch (BPF_CLASS(in.code)) {
    case BPF_RET:
        break;
    case BPF_JMP:
        if (BPF_OP(in.code) == BPF_JA) {
            add(static_cast<int64_t>(i) + 1 + static_cast<int32_t>(in.k));
        } else {
            add(static_cast<int64_t>(i) + 1 + in.jt);
            add(static_cast<int64_t>(i) + 1 + in.jf);
        }
        break;
    default:
        add(static_cast<int64_t>(i) + 1);
    }
    return next;
}

bool reads_scratch(const sock_filter &in)
{
    const uint16_t cls = BPF_CLASS(in.code);
    return (cls == BPF_LD || cls == BPF_LDX) && BPF_MODE(in.code) == BPF_MEM;
}

bool writes_scratch(const sock_filter &in)
{
    return BPF_CLASS(in.code) == BPF_ST || BPF_CLASS(in.code) == BPF_STX;
}

} // namespace

bool reads_unwritten_scratch(const std::vector<sock_filter> &classic)
{
    const size_t n = classic.size();
    if (n == 0)
        return false;
    // Forward must-analysis: written[i] is what every path into i has
    // stored. Start from "everything" (the identity of the intersection)
    // and narrow until nothing changes; a loop only narrows, so it ends.
    std::vector<Mask> written(n, kAllWritten);
    std::vector<bool> reached(n, false);
    written[0] = 0;
    reached[0] = true;
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t i = 0; i < n; ++i) {
            if (!reached[i])
                continue;
            Mask out = written[i];
            if (writes_scratch(classic[i]) && classic[i].k < 16)
                out |= static_cast<Mask>(1u << classic[i].k);
            for (size_t next : successors(classic, i)) {
                const Mask narrowed = reached[next] ? (written[next] & out) : out;
                if (!reached[next] || narrowed != written[next]) {
                    reached[next] = true;
                    written[next] = narrowed;
                    changed = true;
                }
            }
        }
    }
    for (size_t i = 0; i < n; ++i)
        if (reached[i] && reads_scratch(classic[i]) &&
            (classic[i].k >= 16 || !(written[i] & (1u << classic[i].k))))
            return true;
    return false;
}

} // namespace netmon::filter
