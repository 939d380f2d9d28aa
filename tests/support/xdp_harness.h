// Test-only harness for the XDP program: loads the real object, runs frames
// through it with BPF_PROG_TEST_RUN and reads back what it counted. Flow keys
// are compared as descriptive strings, so a failing test shows both keys.
#pragma once

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <gtest/gtest.h>
#include <linux/bpf.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "loader/netmon_object.h"
#include "netmon/flow.h"
#include "support/bpf_map_reader.h"
#include "support/cpu_pinning.h"
#include "support/frame_builder.h"
#include "support/prog_test_run.h"

namespace netmon::test {

// Two endpoints every test talks between (documentation-like private ranges).
inline const Mac kMacA = {0x02, 0x00, 0x00, 0x00, 0x00, 0x0a};
inline const Mac kMacB = {0x02, 0x00, 0x00, 0x00, 0x00, 0x0b};
inline const Ipv4Addr kIp4A = {10, 77, 0, 1};
inline const Ipv4Addr kIp4B = {10, 77, 0, 2};
inline const Ipv6Addr kIp6A = {0xfd, 0x00, 0x00, 0x77, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01};
inline const Ipv6Addr kIp6B = {0xfd, 0x00, 0x00, 0x77, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02};

// The key the program should build for a frame it did not parse as IP.
inline netmon_flow_key l2_key(const Mac &src, const Mac &dst, uint16_t ethertype)
{
    netmon_flow_key k{};
    std::memcpy(k.src, src.data(), src.size());
    std::memcpy(k.dst, dst.data(), dst.size());
    k.ethertype = ethertype;
    k.kind = NETMON_KIND_L2;
    return k;
}

inline netmon_flow_key ipv4_key(const Ipv4Addr &src, const Ipv4Addr &dst, uint8_t proto,
                                uint16_t sport = 0, uint16_t dport = 0)
{
    netmon_flow_key k{};
    // IPv4-mapped IPv6, ::ffff:a.b.c.d
    k.src[10] = k.src[11] = k.dst[10] = k.dst[11] = 0xff;
    std::memcpy(k.src + 12, src.data(), 4);
    std::memcpy(k.dst + 12, dst.data(), 4);
    k.sport = sport;
    k.dport = dport;
    k.ethertype = kEthIpv4;
    k.proto = proto;
    k.kind = NETMON_KIND_IPV4;
    return k;
}

inline netmon_flow_key ipv6_key(const Ipv6Addr &src, const Ipv6Addr &dst, uint8_t proto,
                                uint16_t sport = 0, uint16_t dport = 0)
{
    netmon_flow_key k{};
    std::memcpy(k.src, src.data(), 16);
    std::memcpy(k.dst, dst.data(), 16);
    k.sport = sport;
    k.dport = dport;
    k.ethertype = kEthIpv6;
    k.proto = proto;
    k.kind = NETMON_KIND_IPV6;
    return k;
}

// The same key as counted by the egress (TC) program.
inline netmon_flow_key at_egress(netmon_flow_key k)
{
    k.hook = NETMON_HOOK_EGRESS;
    return k;
}

// Every byte of the key, readably: IP kinds print addresses as IPv6 text
// (so an IPv4 address shows its mapped form), L2 keys print raw hex.
inline std::string describe(const netmon_flow_key &k)
{
    auto addr = [&](const uint8_t *a) {
        char text[INET6_ADDRSTRLEN] = {};
        if (k.kind != NETMON_KIND_L2) {
            inet_ntop(AF_INET6, a, text, sizeof(text));
            return std::string(text);
        }
        std::string hex;
        for (int i = 0; i < 16; i++) {
            std::snprintf(text, sizeof(text), "%02x", a[i]);
            hex += text;
        }
        return hex;
    };
    char rest[112];
    std::snprintf(rest, sizeof(rest),
                  " sport=%u dport=%u proto=%u ethertype=0x%04x kind=%u hook=%u pad=%u%u%u",
                  k.sport, k.dport, k.proto, k.ethertype, k.kind, k.hook, k.pad[0], k.pad[1],
                  k.pad[2]);
    return "src=" + addr(k.src) + " dst=" + addr(k.dst) + rest;
}

struct RunResult {
    int err;         // bpf_prog_test_run_opts() return value
    uint32_t retval; // the XDP verdict
    Bytes out;       // the frame as the program left it
};

class XdpHarness {
  public:
    // cpu_regions: see LoadOptions (regions() assumes the default).
    explicit XdpHarness(uint32_t max_flows = 1024, bool replay_batches = false,
                        uint32_t cpu_regions = 0)
        : obj_(NetmonObject::load({.max_flows = max_flows,
                                   .clock = NETMON_CLOCK_REPLAY,
                                   .replay_batches = replay_batches,
                                   .cpu_regions = cpu_regions}))
    {
    }

    NetmonObject &obj() { return *obj_; }

    RunResult run(const Bytes &frame)
    {
        // Replay mode counts the length replay says the frame had on the wire.
        obj_->set_replay_frame_len(static_cast<uint32_t>(frame.size()));
        return run_prog(obj_->xdp_prog_fd(), frame);
    }

    // Runs a frame through the egress (TC) program as an skb of its length.
    RunResult run_egress(const Bytes &frame) { return run_prog(obj_->egress_prog_fd(), frame); }

    // Runs a frame that must pass unmodified.
    void run_ok(const Bytes &frame)
    {
        RunResult r = run(frame);
        ASSERT_EQ(r.err, 0) << strerror(-r.err);
        EXPECT_EQ(r.retval, static_cast<uint32_t>(XDP_PASS));
        EXPECT_EQ(r.out, frame) << "the program must never modify a frame";
    }

    netmon_counter counter(uint32_t index, uint32_t bank = 0, uint32_t hook = NETMON_HOOK_INGRESS)
    {
        return read_counter(obj_->counters_fd(), counter_index(bank, index, hook));
    }

    // All classes with a non-zero count, as (class, counter) pairs.
    std::vector<std::pair<uint32_t, netmon_counter>>
    nonzero_classes(uint32_t bank = 0, uint32_t hook = NETMON_HOOK_INGRESS)
    {
        std::vector<std::pair<uint32_t, netmon_counter>> found;
        for (uint32_t c = 0; c <= NETMON_CTR_LAST_CLASS; c++) {
            netmon_counter v = counter(c, bank, hook);
            if (v.packets || v.bytes)
                found.emplace_back(c, v);
        }
        return found;
    }

    // Where one CPU's records of one generation (bank) are.
    RecordRegion region(uint32_t bank, uint32_t cpu)
    {
        return {obj_->flow_records_fd(), obj_->flow_index_fd(),
                obj_->records_used_fd(), bank * static_cast<uint32_t>(possible_cpus()) + cpu,
                obj_->max_flows(),       obj_->index_buckets()};
    }

    // The regions of one generation, one per possible CPU.
    std::vector<RecordRegion> regions(uint32_t bank = 0)
    {
        std::vector<RecordRegion> all;
        for (uint32_t cpu = 0; cpu < possible_cpus(); cpu++)
            all.push_back(region(bank, cpu));
        return all;
    }

    // Every flow of one generation, merged over CPUs.
    std::vector<FlowEntry> flows(uint32_t bank = 0) { return dump_flows(regions(bank)); }

    std::optional<netmon_flow_stats> flow(const netmon_flow_key &key, uint32_t bank = 0)
    {
        for (const FlowEntry &f : flows(bank))
            if (std::memcmp(&f.key, &key, sizeof(key)) == 0)
                return f.stats;
        return std::nullopt;
    }

    // Zeroes both banks' counters and empties both banks' record counts and
    // indexes (the records stay: nothing names them any more), so one test
    // can run many frames each as if into a fresh program (a reload costs
    // ~150 ms of verification).
    void reset()
    {
        size_t ncpus = possible_cpus();
        std::vector<uint8_t> zeros(percpu_stride(sizeof(netmon_counter)) * ncpus);
        for (uint32_t i = 0; i < NETMON_COUNTERS_ENTRIES; i++)
            if (bpf_map_update_elem(obj_->counters_fd(), &i, zeros.data(), BPF_ANY))
                throw std::runtime_error("cannot zero counter " + std::to_string(i));
        const netmon_records_used none{};
        for (uint32_t bank = 0; bank < NETMON_NUM_BANKS; bank++)
            for (const RecordRegion &r : regions(bank))
                if (bpf_map_update_elem(r.used_fd, &r.region, &none, BPF_ANY))
                    throw std::runtime_error("cannot empty a record region");
        const size_t index_bytes =
            size_t{NETMON_NUM_BANKS} * ncpus * obj_->index_buckets() * sizeof(netmon_index_bucket);
        void *index = mmap(nullptr, index_bytes, PROT_READ | PROT_WRITE, MAP_SHARED,
                           obj_->flow_index_fd(), 0);
        if (index == MAP_FAILED)
            throw std::runtime_error("cannot map the flow index");
        std::memset(index, 0, index_bytes);
        munmap(index, index_bytes);
    }

  private:
    static RunResult run_prog(int prog_fd, const Bytes &frame)
    {
        ProgRun r = prog_test_run(prog_fd, frame);
        return {r.err, r.retval, std::move(r.out)};
    }

    std::unique_ptr<NetmonObject> obj_;
};

// Base fixture: skips without root, gives each test a freshly loaded
// program so no test sees another's counts.
class XdpTest : public ::testing::Test {
  protected:
    void SetUp() override
    {
        if (geteuid() != 0)
            GTEST_SKIP() << "needs root (CAP_BPF) to load and test-run BPF programs";
        xdp_ = std::make_unique<XdpHarness>(max_flows(), replay_batches());
    }
    virtual uint32_t max_flows() const { return 1024; }
    // Load replay's batch program too (a test of it).
    virtual bool replay_batches() const { return false; }

    XdpHarness &xdp() { return *xdp_; }

    // Runs one frame into an empty program and checks it was counted once,
    // in `expected_class`, under `expected_key`; returns its flow stats.
    netmon_flow_stats expect_single(const Bytes &frame, uint32_t expected_class,
                                    const netmon_flow_key &expected_key)
    {
        xdp_->run_ok(frame);
        auto classes = xdp_->nonzero_classes();
        EXPECT_EQ(classes.size(), 1u) << "a frame is counted in exactly one class";
        netmon_counter c = xdp_->counter(expected_class);
        EXPECT_EQ(c.packets, 1u) << "class " << expected_class;
        EXPECT_EQ(c.bytes, frame.size()) << "class " << expected_class;
        auto flows = xdp_->flows();
        EXPECT_EQ(flows.size(), 1u);
        if (flows.empty())
            return {};
        EXPECT_EQ(describe(flows[0].key), describe(expected_key));
        EXPECT_EQ(flows[0].stats.packets, 1u);
        EXPECT_EQ(flows[0].stats.bytes, frame.size());
        return flows[0].stats;
    }

    std::unique_ptr<XdpHarness> xdp_;
};

} // namespace netmon::test
