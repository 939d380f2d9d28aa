// The design netmon-xdp's poll is measured against: one plain
// bpf_map_lookup_batch pass, with the per-CPU merge, over a per-CPU hash that
// holds every flow ("re-read everything each poll").
//
// It runs in a child process of its own, one pass at a time when the parent
// asks, so the two designs are timed alternately under the same machine
// conditions (a VM's memory speed drifts by tens of percent from minute to
// minute) and the parent's peak RSS stays the reader's own.
#pragma once

#include <bpf/bpf.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_report.h"
#include "core/fd.h"
#include "flow_frames.h"
#include "harvest/harvest.h"
#include "loader/percpu.h"
#include "support/bpf_map_reader.h"

namespace netmon::bench {

// The reference's per-CPU value merge (CPUs that never saw the flow are
// skipped), with the tests' merge of one CPU's copy.
inline netmon_flow_stats merge_percpu_flow(const uint8_t *values, size_t ncpus)
{
    const size_t stride = percpu_stride(sizeof(netmon_flow_stats));
    netmon_flow_stats merged{};
    for (size_t cpu = 0; cpu < ncpus; cpu++) {
        netmon_flow_stats v;
        std::memcpy(&v, values + cpu * stride, sizeof(v));
        if (v.packets)
            test::add_cpu_copy(merged, v);
    }
    return merged;
}

class PlainPass {
  public:
    PlainPass(uint32_t flows, uint32_t table_size)
        : flows_(flows), ncpus_(possible_cpus()), keys_(kBatch),
          values_(size_t{kBatch} * ncpus_ * kStride)
    {
        map_ = Fd(bpf_map_create(BPF_MAP_TYPE_PERCPU_HASH, "bench_plain", sizeof(netmon_flow_key),
                                 sizeof(netmon_flow_stats), std::max(table_size, flows), nullptr));
        if (!map_)
            throw std::runtime_error(std::string("cannot create the plain map: ") +
                                     std::strerror(errno));
        FlowFrames frames(4);
        for (size_t v = 0; v < size_t{kBatch} * ncpus_; v++)
            reinterpret_cast<netmon_flow_stats *>(values_.data() + v * kStride)->packets = 1;
        for (uint32_t done = 0; done < flows;) {
            uint32_t n = std::min(kBatch, flows - done);
            for (uint32_t i = 0; i < n; i++) {
                keys_[i] = {};
                keys_[i].kind = NETMON_KIND_IPV4;
                std::memcpy(keys_[i].src, &frames.frame(done + i)[14 + 12], 4);
            }
            if (bpf_map_update_batch(map_.get(), keys_.data(), values_.data(), &n, nullptr))
                throw std::runtime_error(std::string("cannot fill the plain map: ") +
                                         std::strerror(errno));
            done += n;
        }
        read_all(); // untimed: the output's pages are faulted in once, as a poller's would be
    }

    // One timed pass: {wall ms, CPU ms}.
    std::pair<double, double> timed()
    {
        Stopwatch watch;
        read_all();
        return {watch.wall_ms(), watch.cpu_ms()};
    }

  private:
    static constexpr uint32_t kBatch = 4096;
    static constexpr size_t kStride = percpu_stride(sizeof(netmon_flow_stats));

    void read_all()
    {
        out_.clear();
        uint32_t token = 0;
        for (bool first = true;; first = false) {
            uint32_t count = kBatch;
            int err = bpf_map_lookup_batch(map_.get(), first ? nullptr : &token, &token,
                                           keys_.data(), values_.data(), &count, nullptr);
            if (err && errno != ENOENT)
                throw std::runtime_error(std::string("lookup_batch: ") + std::strerror(errno));
            for (uint32_t i = 0; i < count; i++)
                out_.push_back(
                    {keys_[i], merge_percpu_flow(values_.data() + i * ncpus_ * kStride, ncpus_)});
            if (err)
                break;
        }
        if (out_.size() != flows_)
            throw std::runtime_error("the plain pass did not read every flow");
    }

    uint32_t flows_;
    size_t ncpus_;
    Fd map_;
    std::vector<netmon_flow_key> keys_;
    std::vector<uint8_t> values_;
    std::vector<FlowDelta> out_;
};

// A PlainPass in a child process, timed on request.
class PlainPassProcess {
  public:
    PlainPassProcess(uint32_t flows, uint32_t table_size)
    {
        int to_child[2], to_parent[2];
        if (pipe(to_child) || pipe(to_parent))
            throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
        pid_ = fork();
        if (pid_ < 0)
            throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
        if (pid_ == 0) {
            close(to_child[1]);
            close(to_parent[0]);
            _exit(serve(to_child[0], to_parent[1], flows, table_size));
        }
        close(to_child[0]);
        close(to_parent[1]);
        requests_ = Fd(to_child[1]);
        replies_ = Fd(to_parent[0]);
        if (!read_reply().ok) // the child is ready once its map is full
            throw std::runtime_error("the plain pass could not set up (see above)");
    }
    ~PlainPassProcess()
    {
        requests_.reset(); // end of requests: the child exits
        waitpid(pid_, nullptr, 0);
    }
    PlainPassProcess(const PlainPassProcess &) = delete;
    PlainPassProcess &operator=(const PlainPassProcess &) = delete;

    // One timed pass in the child: {wall ms, CPU ms of the child}.
    std::pair<double, double> timed()
    {
        const char go = 1;
        if (write(requests_.get(), &go, 1) != 1)
            throw std::runtime_error("the plain pass's process is gone");
        Reply r = read_reply();
        if (!r.ok)
            throw std::runtime_error("the plain pass failed (see above)");
        return {r.wall_ms, r.cpu_ms};
    }

  private:
    struct Reply {
        bool ok = false;
        double wall_ms = 0;
        double cpu_ms = 0;
    };

    Reply read_reply()
    {
        Reply r;
        if (read(replies_.get(), &r, sizeof(r)) != static_cast<ssize_t>(sizeof(r)))
            return {};
        return r;
    }

    static int serve(int requests, int replies, uint32_t flows, uint32_t table_size)
    {
        auto reply = [&](const Reply &r) {
            return write(replies, &r, sizeof(r)) == static_cast<ssize_t>(sizeof(r));
        };
        try {
            PlainPass pass(flows, table_size);
            if (!reply({true, 0, 0}))
                return 1;
            char go;
            while (read(requests, &go, 1) == 1) {
                auto [wall, cpu] = pass.timed();
                if (!reply({true, wall, cpu}))
                    return 1;
            }
            return 0;
        } catch (const std::exception &e) {
            std::fprintf(stderr, "bench_poll: %s\n", e.what());
            reply({});
            return 1;
        }
    }

    pid_t pid_ = -1;
    Fd requests_;
    Fd replies_;
};

} // namespace netmon::bench
