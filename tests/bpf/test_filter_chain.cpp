// Chain mode: the translated filter tail-calls prog_array[0] for matching
// frames and prog_array[1] for the others, and passes the frame if a tail
// call fails; it never drops.
#include <gtest/gtest.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <netinet/in.h>

#include <array>
#include <cstdint>
#include <vector>

#include "core/error.h"
#include "core/fd.h"
#include "filter/cbpf_to_xdp.h"
#include "filter/ebpf_insn.h"
#include "filter/filter_chain.h"
#include "filter/pcap_compile.h"
#include "filter/xdp_filter_loader.h"
#include "support/xdp_test_run.h"

namespace {

using namespace netmon::filter;
namespace ebpf = netmon::filter::ebpf;
using netmon::Fd;

// Ethernet + IPv4 + TCP (or UDP) headers, ports in the right places.
std::vector<uint8_t> ipv4_frame(uint8_t protocol, uint16_t dst_port)
{
    std::vector<uint8_t> f(14 + 20 + 20, 0);
    f[12] = 0x08; // EtherType IPv4
    f[14] = 0x45; // version 4, IHL 5
    f[16] = 0;
    f[17] = static_cast<uint8_t>(f.size() - 14); // total length
    f[22] = 64;                                  // TTL
    f[23] = protocol;
    f[26] = 10, f[29] = 1; // 10.0.0.1 -> 10.0.0.2
    f[30] = 10, f[33] = 2;
    f[34] = 0x30, f[35] = 0x39; // source port 12345
    f[36] = static_cast<uint8_t>(dst_port >> 8);
    f[37] = static_cast<uint8_t>(dst_port);
    return f;
}

Fd create_map(bpf_map_type type, uint32_t value_size, uint32_t entries)
{
    const int fd = bpf_map_create(type, nullptr, sizeof(uint32_t), value_size, entries, nullptr);
    if (fd < 0)
        throw netmon::Error(netmon::errno_message("bpf_map_create", fd));
    return Fd(fd);
}

// A tiny XDP program: calls[slot] += 1, return XDP_PASS.
Fd load_recorder(int calls_map_fd, uint32_t slot)
{
    const std::vector<bpf_insn> insns = {
        ebpf::make(BPF_ST | BPF_MEM | BPF_W, 10, 0, -4, static_cast<int32_t>(slot)),
        ebpf::mov64_reg(2, 10),
        ebpf::alu64_imm(BPF_ADD, 2, -4),
        ebpf::load_map_fd_lo(1, calls_map_fd),
        ebpf::load_map_fd_hi(),
        ebpf::call(BPF_FUNC_map_lookup_elem),
        ebpf::jmp64_imm(BPF_JEQ, 0, 0, 2),
        ebpf::mov64_imm(1, 1),
        ebpf::make(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 1, 0, BPF_ADD),
        ebpf::mov32_imm(0, XDP_PASS),
        ebpf::exit_insn(),
    };
    // Same loader, so the same BPF_F_XDP_HAS_FRAGS the tail call requires.
    return load_xdp_filter(insns, "test_recorder");
}

class FilterTailCalls : public testing::Test {
  protected:
    void SetUp() override
    {
        if (geteuid() != 0)
            GTEST_SKIP() << "needs root (CAP_BPF) to load and test-run BPF programs";
        calls_ = create_map(BPF_MAP_TYPE_ARRAY, sizeof(uint64_t), 2);
        prog_array_ = create_map(BPF_MAP_TYPE_PROG_ARRAY, sizeof(uint32_t), 2);
        filter_ = load_xdp_filter(
            translate_to_xdp(compile_pcap_filter("tcp port 80"),
                             {.ending = Ending::TailCall, .prog_array_fd = prog_array_.get()}),
            "test_chain");
    }

    void install_recorders()
    {
        recorders_[kMatchSlot] = load_recorder(calls_.get(), kMatchSlot);
        recorders_[kNoMatchSlot] = load_recorder(calls_.get(), kNoMatchSlot);
        for (uint32_t slot : {kMatchSlot, kNoMatchSlot}) {
            const int fd = recorders_[slot].get();
            ASSERT_EQ(bpf_map_update_elem(prog_array_.get(), &slot, &fd, BPF_ANY), 0);
        }
    }

    uint64_t calls(uint32_t slot) const
    {
        uint64_t value = 0;
        EXPECT_EQ(bpf_map_lookup_elem(calls_.get(), &slot, &value), 0);
        return value;
    }

    uint32_t run(const std::vector<uint8_t> &frame) const
    {
        return run_xdp_once(filter_.get(), frame);
    }

    Fd calls_, prog_array_, filter_;
    std::array<Fd, 2> recorders_;
};

TEST_F(FilterTailCalls, MatchesGoToSlotZeroAndOthersToSlotOne)
{
    install_recorders();
    const auto http = ipv4_frame(IPPROTO_TCP, 80);
    const auto ssh = ipv4_frame(IPPROTO_TCP, 22);
    const auto dns = ipv4_frame(IPPROTO_UDP, 80); // port 80, but UDP

    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(run(http), XDP_PASS);
    EXPECT_EQ(run(ssh), XDP_PASS);
    EXPECT_EQ(run(dns), XDP_PASS);

    EXPECT_EQ(calls(kMatchSlot), 3u);
    EXPECT_EQ(calls(kNoMatchSlot), 2u);
}

TEST_F(FilterTailCalls, PassesFramesWhenTheTailCallFails)
{
    // Empty program array: both tail calls fail.
    EXPECT_EQ(run(ipv4_frame(IPPROTO_TCP, 80)), XDP_PASS);
    EXPECT_EQ(run(ipv4_frame(IPPROTO_TCP, 22)), XDP_PASS);
    EXPECT_EQ(calls(kMatchSlot), 0u);
    EXPECT_EQ(calls(kNoMatchSlot), 0u);
}

TEST_F(FilterTailCalls, PassesFramesItCannotRead)
{
    install_recorders();
    // A frame cut right after the EtherType: every later load is out of bounds.
    auto runt = ipv4_frame(IPPROTO_TCP, 80);
    runt.resize(14);
    EXPECT_EQ(run(runt), XDP_PASS);
    EXPECT_EQ(calls(kMatchSlot), 0u);
    EXPECT_EQ(calls(kNoMatchSlot), 1u);
}

TEST_F(FilterTailCalls, FilterChainSendsMatchesToTheCounterAndOthersToFilteredOut)
{
    const Fd counter = load_recorder(calls_.get(), kMatchSlot);
    const Fd filtered_out = load_recorder(calls_.get(), kNoMatchSlot);
    const auto chain =
        netmon::filter::FilterChain::build("udp port 53", {.prog_array_fd = prog_array_.get(),
                                                           .on_match_fd = counter.get(),
                                                           .on_no_match_fd = filtered_out.get()});

    EXPECT_EQ(run_xdp_once(chain.entry_prog_fd(), ipv4_frame(IPPROTO_UDP, 53)), XDP_PASS);
    EXPECT_EQ(run_xdp_once(chain.entry_prog_fd(), ipv4_frame(IPPROTO_UDP, 54)), XDP_PASS);
    EXPECT_EQ(run_xdp_once(chain.entry_prog_fd(), ipv4_frame(IPPROTO_TCP, 53)), XDP_PASS);
    EXPECT_EQ(calls(kMatchSlot), 1u);
    EXPECT_EQ(calls(kNoMatchSlot), 2u);
}

TEST_F(FilterTailCalls, FilterChainRefusesAProgramWithoutFrags)
{
    // A program loaded without BPF_F_XDP_HAS_FRAGS cannot join the chain.
    const std::vector<bpf_insn> pass = {ebpf::mov32_imm(0, XDP_PASS), ebpf::exit_insn()};
    LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_XDP);
    const int fd =
        bpf_prog_load(BPF_PROG_TYPE_XDP, "no_frags", "GPL", pass.data(), pass.size(), &opts);
    ASSERT_GE(fd, 0);
    const Fd no_frags(fd);
    EXPECT_THROW(netmon::filter::FilterChain::build(
                     "tcp", {.prog_array_fd = prog_array_.get(), .on_match_fd = no_frags.get()}),
                 netmon::Error);
}

} // namespace
