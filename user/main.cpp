// netmon-xdp: command line. Each subcommand fills its options struct and
// hands over to its runner; errors surface here as one line and an exit code.
#include <CLI/CLI.hpp>
#include <csignal>
#include <bpf/libbpf.h>

#include <cstdarg>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "attach/privileges.h"
#include "attach/stale_detach.h"
#include "bpf/netmon_object.h"
#include "core/error.h"
#include "monitor/attach_options.h"
#include "monitor/live_monitor.h"
#include "netmon_revision.h"
#include "replay/replay_options.h"

namespace {

bool g_verbose = false;

// libbpf's own messages: warnings always, debug output with --verbose.
int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
    if (level == LIBBPF_DEBUG && !g_verbose)
        return 0;
    if (level == LIBBPF_INFO && !g_verbose)
        return 0;
    return std::vfprintf(stderr, fmt, args);
}

void add_report_options(CLI::App *cmd, netmon::ReportOptions &r, std::string &filter_file)
{
    cmd->add_option("--interval", r.interval_s, "Seconds between reports")
        ->check(CLI::Range(0.05, 3600.0))
        ->capture_default_str();
    cmd->add_option("--top", r.top_n, "Rows in each top-talker list")
        ->check(CLI::Range(0, 1000))
        ->capture_default_str();
    cmd->add_option("--flow-timeout", r.flow_timeout_s,
                    "Seconds a flow may stay idle before it leaves the flow table "
                    "(its counts stay in the totals)")
        ->check(CLI::Range(0.1, 1e7))
        ->capture_default_str();
    r.max_flows = netmon::default_max_flows();
    cmd->add_option("--max-flows", r.max_flows,
                    "Flows each CPU's kernel table holds per interval and interface "
                    "(default: 131072 / possible CPUs, at least 8192; memory: see README)")
        ->check(CLI::Range(1u, 1u << 26))
        ->capture_default_str();
    cmd->add_flag("--json", r.json, "JSON Lines on stdout (schema netmon-xdp/1, see README)");
    cmd->add_flag("--all-flows", r.all_flows,
                  "Add every flow of the run to the final report (flow_list in JSON)");
    cmd->add_option("--ipfix", r.ipfix.collectors,
                    "Export every flow to an IPFIX collector: HOST:PORT (UDP) or "
                    "tcp://HOST:PORT, repeatable (see docs/ipfix.md)")
        ->take_all();
    cmd->add_option("--ipfix-domain", r.ipfix.domain, "IPFIX observation domain id")
        ->capture_default_str();
    cmd->add_option("--ipfix-active-timeout", r.ipfix.active_timeout_s,
                    "Seconds: a long flow is exported at least this often, and no record "
                    "spans more")
        ->check(CLI::Range(1.0, 86400.0))
        ->capture_default_str();
    auto *f = cmd->add_option("--filter", r.filter,
                              "Count only frames matching this tcpdump filter (pcap-filter(7))");
    cmd->add_option("--filter-file", filter_file, "Read the filter expression from a file")
        ->check(CLI::ExistingFile)
        ->excludes(f);
}

netmon::HookSelection parse_direction(const std::string &text)
{
    if (text == "ingress")
        return netmon::HookSelection::Ingress;
    if (text == "egress")
        return netmon::HookSelection::Egress;
    return netmon::HookSelection::Both;
}

// Prints what `detach` found; exit 0 also when there was nothing.
int run_detach(const std::string &iface)
{
    netmon::DetachReport report = netmon::detach_stale(iface);
    for (const auto &line : report.removed)
        std::printf("removed %s\n", line.c_str());
    for (const auto &line : report.kept)
        std::printf("kept %s\n", line.c_str());
    if (report.removed.empty() && report.kept.empty())
        std::printf("nothing of netmon-xdp's is attached to %s\n", iface.c_str());
    return netmon::kExitOk;
}

std::string read_filter_file(const std::string &path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    if (!in)
        throw netmon::Error("cannot read filter file '" + path + "'", netmon::kExitUsage);
    return text.str();
}

} // namespace

int main(int argc, char **argv)
{
    CLI::App app{"netmon-xdp: a real-time network monitor that counts every frame in the kernel "
                 "(XDP)"};
    // The revision names the exact source a bug report is about.
    app.set_version_flag("--version",
                         "netmon-xdp " NETMON_VERSION " (git " NETMON_GIT_REVISION ")");
    app.add_flag("-v,--verbose", g_verbose, "Show libbpf's messages");
    app.require_subcommand(1);
    app.fallthrough();

    netmon::AttachOptions attach;
    std::string attach_filter_file;
    std::string mode = "auto";
    auto *attach_cmd = app.add_subcommand(
        "attach", "Attach to interfaces and report live until Ctrl-C, SIGTERM or --duration");
    attach_cmd->add_option("interfaces", attach.interfaces, "Interfaces to monitor")
        ->required()
        ->expected(1, -1);
    attach_cmd->add_option("--duration", attach.duration_s,
                           "Stop after this many seconds (default: until Ctrl-C)")
        ->check(CLI::PositiveNumber);
    attach_cmd->add_option("--mode", mode,
                           "XDP mode: auto tries native and falls back to generic")
        ->check(CLI::IsMember({"auto", "native", "generic"}))
        ->capture_default_str();
    attach_cmd->add_flag("--force", attach.force,
                         "Replace an XDP program already attached to an interface");
    std::string direction;
    attach_cmd->add_option("--direction", direction,
                           "Count what arrives (ingress, XDP), what the host sends (egress, "
                           "TC) or both (default: both; ingress with --filter)")
        ->check(CLI::IsMember({"ingress", "egress", "both"}));
    attach_cmd->add_option("--local-net", attach.local_nets,
                           "A local network (CIDR), repeatable: traffic is inbound, outbound, "
                           "internal or other relative to these (default: the interfaces' "
                           "own addresses)")
        ->take_all();
    add_report_options(attach_cmd, attach.report, attach_filter_file);
    attach_cmd->footer("Example: sudo netmon-xdp attach eth0 --json --duration 10");

    std::string detach_iface;
    auto *detach_cmd = app.add_subcommand(
        "detach", "Remove netmon-xdp programs a killed netmon-xdp left on an interface");
    detach_cmd->add_option("interface", detach_iface, "Interface to clean up")->required();
    detach_cmd->footer("Only netmon-xdp's own programs are removed; others are listed and kept.");

    netmon::ReplayOptions replay;
    std::string replay_filter_file;
    auto *replay_cmd = app.add_subcommand(
        "replay", "Run the same XDP program over pcap/pcapng files (no interface needed)");
    replay_cmd->add_option("files", replay.files, "Capture files, replayed in order")
        ->required()
        ->expected(1, -1);
    add_report_options(replay_cmd, replay.report, replay_filter_file);
    replay_cmd->footer("Intervals, rates and flow ageing follow the capture's timestamps.\n"
                       "Example: netmon-xdp replay capture.pcapng --json --all-flows");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        return app.exit(e) == 0 ? 0 : netmon::kExitUsage;
    }
    libbpf_set_print(libbpf_print);
    // A closed stdout shows up as EPIPE from write(), which the outputs
    // turn into a clean stop (detach first), not a death by SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);

    try {
        if (*attach_cmd) {
            attach.mode = *netmon::parse_xdp_mode(mode);
            // The filter runs at XDP only: without --direction it means ingress.
            if (direction.empty())
                direction = attach.report.filter.empty() && attach_filter_file.empty() ? "both"
                                                                                       : "ingress";
            attach.hooks = parse_direction(direction);
            if (!attach_filter_file.empty())
                attach.report.filter = read_filter_file(attach_filter_file);
            return netmon::run_attach(attach);
        }
        if (*detach_cmd) {
            netmon::require_bpf_privileges();
            // Its probes fail where nothing is attached: the report says
            // what was found, libbpf's refusals are noise here.
            if (!g_verbose)
                libbpf_set_print(nullptr);
            return run_detach(detach_iface);
        }
        if (*replay_cmd) {
            if (!replay_filter_file.empty())
                replay.report.filter = read_filter_file(replay_filter_file);
            return netmon::run_replay(replay);
        }
    } catch (const netmon::Error &e) {
        std::fprintf(stderr, "netmon-xdp: %s\n", e.what());
        return e.exit_code();
    } catch (const std::exception &e) {
        std::fprintf(stderr, "netmon-xdp: %s\n", e.what());
        return netmon::kExitFailure;
    }
    return netmon::kExitOk;
}
