#include "monitor/live_monitor.h"

#include <net/if.h>
#include <poll.h>
#include <sys/timerfd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <optional>

#include "attach/interface.h"
#include "attach/interface_addresses.h"
#include "attach/privileges.h"
#include "attach/tc_egress_attachment.h"
#include "budget/flow_table_memory.h"
#include "budget/userspace_tables.h"
#include "core/error.h"
#include "core/signal_watch.h"
#include "filter/filter_chain.h"
#include "filter/interruptible_compile.h"
#include "interval/interval_driver.h"
#include "loader/netmon_object.h"
#include "loader/percpu.h"
#include "monitor/clocks.h"
#include "process/process_attribution.h"

namespace netmon {

namespace {

// One monitored interface: its own BPF object (maps), reader and link.
struct MonitoredInterface {
    Interface iface;
    std::unique_ptr<NetmonObject> obj;
    std::unique_ptr<GenerationReader> reader;
    std::unique_ptr<HostReader> hosts;                // the per-host table of the same object
    std::optional<filter::FilterChain> filter;        // with --filter: the XDP entry program
    std::optional<filter::FilterChain> egress_filter; // and the TC one
    std::optional<XdpAttachment> attachment;          // ingress
    std::optional<TcEgressAttachment> egress;         // egress
    bool monitoring = false;                          // attached, and the interface still exists

    bool active() const { return monitoring; }
    // Removes the programs; what they counted stays in the maps.
    void detach_programs()
    {
        attachment.reset();
        egress.reset();
    }
    void detach()
    {
        detach_programs();
        monitoring = false;
    }
};

bool counts_ingress(HookSelection h) { return h != HookSelection::Egress; }
bool counts_egress(HookSelection h) { return h != HookSelection::Ingress; }

const char *direction_name(HookSelection h)
{
    switch (h) {
    case HookSelection::Ingress:
        return "ingress";
    case HookSelection::Egress:
        return "egress";
    case HookSelection::Both:
        break;
    }
    return "both";
}

void warn(const std::string &line) { std::fprintf(stderr, "netmon-xdp: %s\n", line.c_str()); }

class LiveMonitor {
  public:
    explicit LiveMonitor(const AttachOptions &opts);
    int run();

  private:
    void attach_all();
    void tell(const std::string &notice); // on stderr and in the next snapshot
    // Harvests every interface, closes the interval and publishes it.
    void report(Snapshot::Kind kind);
    bool any_active() const;
    bool others_active(size_t except) const;
    void arm_timer(uint64_t deadline_ns);

    const AttachOptions &opts_;
    std::vector<MonitoredInterface> monitored_;
    std::vector<sock_filter> filter_program_; // --filter, compiled once
    // Before driver_: the aggregator joins flows against it until the end.
    std::unique_ptr<process::ProcessAttribution> processes_;
    IntervalDriver driver_;
    uint64_t start_ns_ = 0;
    uint64_t last_ns_ = 0;
    Fd timer_;
};

// --local-net as given, or else every address of the monitored interfaces.
LocalNets local_nets_of(const AttachOptions &opts)
{
    LocalNets nets;
    for (const auto &cidr : opts.local_nets)
        nets.add(cidr);
    if (opts.local_nets.empty())
        for (const auto &name : opts.interfaces)
            for (const auto &prefix : interface_host_prefixes(name))
                nets.add(prefix);
    return nets;
}

AggregatorOptions aggregator_options(const AttachOptions &opts)
{
    AggregatorOptions a = report_aggregation(opts.report);
    a.interfaces = opts.interfaces;
    for (const auto &name : opts.interfaces)
        a.ifindexes.push_back(if_nametoindex(name.c_str())); // resolved and checked below
    a.source = "attach";
    a.direction = direction_name(opts.hooks);
    a.local_nets = local_nets_of(opts);
    if (uses_dashboard(opts.report)) {
        // The dashboard sorts by any window and fills the rows it has.
        a.rank_every_window = true;
        a.top_n = std::max(a.top_n, kDashboardListRows);
    }
    return a;
}

// Braces: the aggregation, then the rules, in that order.
LiveMonitor::LiveMonitor(const AttachOptions &opts)
    : opts_(opts), driver_{aggregator_options(opts), opts.report, SinkHub::WhenFull::Merge,
                           make_alert_engine(opts.report)}
{
    driver_.time_polls();
    // Local networks past the per-host table's bound: refused here, before
    // anything loads.
    driver_.count_local_hosts(HostLayout(local_nets_of(opts)));
    // Resolve every name before touching the kernel: a typo attaches nothing.
    for (const auto &name : opts.interfaces) {
        Interface iface = resolve_interface(name);
        for (const auto &m : monitored_)
            if (m.iface.ifindex == iface.ifindex)
                throw Error("interface '" + name + "' is given twice", kExitUsage);
        monitored_.push_back({iface, nullptr, nullptr, nullptr, std::nullopt, std::nullopt,
                              std::nullopt, std::nullopt});
    }
    // Before anything is allocated: preallocated tables take what they ask for.
    check_flow_table_memory({opts.report.max_flows, possible_cpus(), monitored_.size()},
                            mem_available_bytes());
    // An invalid filter is a usage error, reported before anything loads.
    if (!opts.report.filter.empty())
        filter_program_ = filter::compile_pcap_filter_interruptible(opts.report.filter);
}

void LiveMonitor::attach_all()
{
    tell(userspace_tables_notice(opts_.report.max_active_flows, opts_.report.max_hosts,
                                 mem_available_bytes()));
    // First, so sockets are recorded before the first frame is counted.
    // Optional: a kernel without its tracepoints still counts every frame.
    if (opts_.processes) {
        try {
            processes_ = process::ProcessAttribution::start();
            driver_.aggregator().set_owner_lookup(processes_.get());
        } catch (const Error &e) {
            tell(std::string(e.what()) +
                 "; flows have no process (--no-process: without this notice)");
        }
    }
    for (size_t i = 0; i < monitored_.size(); i++) {
        auto &m = monitored_[i];
        m.obj = NetmonObject::load({.max_flows = opts_.report.max_flows,
                                    .egress = counts_egress(opts_.hooks),
                                    .hosts = driver_.local_host_layout().config()});
        driver_.aggregator().set_flow_tables(i, m.obj->cpus(), m.obj->max_flows());
        m.reader = std::make_unique<GenerationReader>(*m.obj, /*wait_for_readers=*/true);
        m.hosts = std::make_unique<HostReader>(*m.obj);
        // With --filter, each hook runs the filter's translation first.
        std::string notice;
        if (counts_ingress(opts_.hooks)) {
            int entry_fd = m.obj->xdp_prog_fd();
            if (!filter_program_.empty()) {
                m.filter = filter::FilterChain::build(
                    filter_program_, {.prog_array_fd = m.obj->filter_verdicts_fd(),
                                      .on_match_fd = m.obj->xdp_prog_fd(),
                                      .on_no_match_fd = m.obj->filtered_out_prog_fd()});
                entry_fd = m.filter->entry_prog_fd();
            }
            m.attachment =
                XdpAttachment::attach(entry_fd, m.iface, opts_.mode, opts_.force, notice);
            driver_.aggregator().set_xdp_mode(
                i, m.attachment->mode() == XdpMode::Generic ? "generic" : "native");
            tell(notice);
        }
        if (counts_egress(opts_.hooks)) {
            int entry_fd = m.obj->egress_prog_fd();
            if (!filter_program_.empty()) {
                m.egress_filter = filter::FilterChain::build(
                    filter_program_, {.prog_array_fd = m.obj->egress_filter_verdicts_fd(),
                                      .on_match_fd = m.obj->egress_prog_fd(),
                                      .on_no_match_fd = m.obj->egress_filtered_out_prog_fd(),
                                      .egress = true});
                entry_fd = m.egress_filter->entry_prog_fd();
            }
            notice.clear();
            m.egress.emplace(TcEgressAttachment::attach(entry_fd, m.iface, notice));
            tell(notice);
        }
        m.monitoring = true;
    }
}

void LiveMonitor::tell(const std::string &notice)
{
    if (notice.empty())
        return;
    warn(notice);
    driver_.aggregator().notice(notice);
}

bool LiveMonitor::others_active(size_t except) const
{
    for (size_t i = 0; i < monitored_.size(); i++)
        if (i != except && monitored_[i].active())
            return true;
    return false;
}

bool LiveMonitor::any_active() const
{
    return std::any_of(monitored_.begin(), monitored_.end(),
                       [](const MonitoredInterface &m) { return m.active(); });
}

void LiveMonitor::report(Snapshot::Kind kind)
{
    std::vector<IntervalDriver::Source> sources;
    std::vector<bool> vanished(monitored_.size(), false);
    for (size_t i = 0; i < monitored_.size(); i++) {
        auto &m = monitored_[i];
        if (!m.active())
            continue;
        // Checked before the flip, so nothing counted before the interface
        // went away is left behind in its maps.
        vanished[i] = !interface_exists(m.iface.ifindex);
        sources.push_back({m.reader.get(), i, m.hosts.get()});
    }
    if (processes_) {
        // Before the flip: a socket recorded after it is joined at the next
        // harvest, which then credits its flow's whole total.
        processes_->refresh();
        driver_.aggregator().set_socket_figures(processes_->sockets(), processes_->capacity(),
                                                processes_->refused());
    }
    driver_.harvest(sources);
    for (const auto &s : sources) {
        if (!vanished[s.iface])
            continue;
        auto &m = monitored_[s.iface];
        std::string text =
            "interface " + m.iface.name + " disappeared; its counts until then are kept" +
            (others_active(s.iface) ? ", the other interfaces are still monitored" : "");
        warn(text);
        driver_.aggregator().mark_gone(s.iface, text);
        m.detach();
    }
    uint64_t now = monotonic_ns();
    IntervalEnd end{now, monotonic_to_wall_offset(), (now - last_ns_) / 1e9,
                    (now - start_ns_) / 1e9};
    last_ns_ = now;
    driver_.close(end, kind);
}

void LiveMonitor::arm_timer(uint64_t deadline_ns)
{
    itimerspec spec{};
    spec.it_value.tv_sec = static_cast<time_t>(deadline_ns / 1000000000ULL);
    spec.it_value.tv_nsec = static_cast<long>(deadline_ns % 1000000000ULL);
    if (timerfd_settime(timer_.get(), TFD_TIMER_ABSTIME, &spec, nullptr) != 0)
        throw Error(errno_message("cannot arm the interval timer", -errno));
}

int LiveMonitor::run()
{
    require_bpf_privileges();
    SignalWatch signals; // before attaching: a Ctrl-C now still detaches
    timer_.reset(timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC));
    if (!timer_)
        throw Error(errno_message("cannot create the interval timer", -errno));
    attach_all();

    const uint64_t interval_ns = static_cast<uint64_t>(opts_.report.interval_s * 1e9);
    const uint64_t duration_ns = static_cast<uint64_t>(opts_.duration_s * 1e9);
    start_ns_ = last_ns_ = monotonic_ns();
    uint64_t next_tick = start_ns_ + interval_ns;
    int exit_code = kExitOk;

    for (;;) {
        const uint64_t end_ns = start_ns_ + duration_ns;
        const bool ends_now = duration_ns && next_tick >= end_ns;
        arm_timer(ends_now ? end_ns : next_tick);

        pollfd fds[4] = {{signals.fd(), POLLIN, 0},
                         {timer_.get(), POLLIN, 0},
                         {driver_.failure_fd(), POLLIN, 0},
                         {driver_.stop_fd(), POLLIN, 0}};
        if (poll(fds, 4, -1) < 0) {
            if (errno == EINTR)
                continue;
            throw Error(errno_message("poll failed", -errno));
        }
        if (fds[0].revents & POLLIN) {
            signals.read_signal();
            break; // SIGINT/SIGTERM/SIGHUP: final summary below
        }
        if (fds[2].revents & POLLIN)
            break; // an output failed: detach, then say why below
        if (fds[3].revents & POLLIN)
            break; // an output asked to stop (the dashboard's `q`): as a signal
        uint64_t expirations;
        if (read(timer_.get(), &expirations, sizeof(expirations)) < 0)
            continue;
        if (ends_now)
            break;
        report(Snapshot::Kind::Interval);
        if (!any_active()) {
            exit_code = kExitInterfacesGone;
            break;
        }
        // Skip ticks we were too slow for rather than bunching them up.
        uint64_t now = monotonic_ns();
        do
            next_tick += interval_ns;
        while (next_tick <= now);
    }
    // Programs off first, then the last harvest: its flip and grace period
    // come after the last frame any program counted, so every frame counted
    // until the detach is in the final report.
    for (auto &m : monitored_)
        m.detach_programs();
    report(Snapshot::Kind::Final);
    if (auto failed = driver_.finish(SinkHub::kLiveCloseWait))
        return *failed;
    return exit_code;
}

} // namespace

int run_attach(const AttachOptions &opts)
{
    LiveMonitor monitor(opts);
    return monitor.run();
}

} // namespace netmon
