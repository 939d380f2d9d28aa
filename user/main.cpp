// netmon-xdp: command line. Each subcommand fills its options struct and
// hands over to its runner; errors surface here as one line and an exit code.
#include <CLI/CLI.hpp>
#include <bpf/libbpf.h>
#include <csignal>
#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <new>
#include <sstream>
#include <system_error>

#include "attach/privileges.h"
#include "attach/stale_detach.h"
#include "cli/config_file.h"
#include "cli/filter_file.h"
#include "cli/finite_number.h"
#include "cli/help_formatter.h"
#include "cli/option_names.h"
#include "cli/parse_errors.h"
#include "cli/standard_fds.h"
#include "cli/value_checks.h"
#include "clickhouse/schema.h"
#include "core/error.h"
#include "core/memory_reuse.h"
#include "core/write_all.h"
#include "loader/netmon_object.h"
#include "monitor/attach_options.h"
#include "monitor/live_monitor.h"
#include "netmon_revision.h"
#include "replay/replay_options.h"

namespace {

using netmon::cli::command_given;
using netmon::cli::foreign_options;
using netmon::cli::known_options;
using netmon::cli::kSubcommands;
using netmon::cli::non_empty;
using netmon::cli::positive_seconds;
using netmon::cli::range;

bool g_verbose = false;

// libbpf's own messages only with --verbose: every failure that matters
// reaches the user as our one-line message, which says what to do.
int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
    (void)level;
    if (!g_verbose)
        return 0;
    return std::vfprintf(stderr, fmt, args);
}

// Alert rules and their events (docs/alerts.md), on attach and replay.
void add_alert_options(CLI::App *cmd, netmon::alerts::AlertOptions &a)
{
    cmd->add_option("--alert", a.rules,
                    "Alert rule, repeatable: [NAME:] [SELECTOR] [per KEY] METRIC >|< VALUE "
                    "{and METRIC >|< VALUE} [for DURATION], e.g. 'syn per dst host pps > 1000 for "
                    "3s' (man netmon-xdp)")
        ->take_all()
        ->type_name("RULE");
    cmd->add_option("--alert-file", a.rule_file,
                    "Alert rules, one a line ('#' comments; a regular file of at most 1 MiB)")
        ->type_name("FILE");
    cmd->add_option("--alert-update", a.update_s,
                    "Seconds between update events of an active alert")
        ->check(netmon::cli::finite_number())
        ->check(range(0.0, 1e7))
        ->capture_default_str()
        ->type_name("SECONDS");
    cmd->add_option("--alert-clear", a.clear_s,
                    "Seconds the condition must stay false to end an alert (0: the rule's "
                    "duration, at least one interval)")
        ->check(netmon::cli::finite_number())
        ->check(range(0.0, 1e7))
        ->capture_default_str()
        ->type_name("SECONDS");
    cmd->add_option("--baseline-warmup", a.warmup_s,
                    "Seconds baseline rules learn before they may fire")
        ->check(netmon::cli::finite_number())
        ->check(range(0.0, 1e8))
        ->capture_default_str()
        ->type_name("SECONDS");
    cmd->add_option("--baseline", a.baseline_file,
                    "Baseline file (JSON): loaded at start if it exists, saved at exit")
        ->type_name("FILE");
    cmd->add_option("--known-hosts", a.known_hosts_file,
                    "Addresses and CIDRs (one a line) that rules' 'new' never calls new")
        ->type_name("FILE");
    auto *on_alert = cmd->add_option("--on-alert", a.on_alert,
                                     "Run this shell command for each alert event, the event's "
                                     "JSON on stdin; its output goes "
                                     "to stderr (or --on-alert-log), never stdout")
                         ->type_name("COMMAND");
    cmd->add_option("--on-alert-timeout", a.on_alert_timeout_s,
                    "Seconds each --on-alert run may take before its process group is killed")
        ->check(netmon::cli::finite_number())
        ->check(range(0.1, 3600.0))
        ->capture_default_str()
        ->type_name("SECONDS");
    cmd->add_option("--on-alert-log", a.on_alert_log,
                    "Append --on-alert's output to this file instead of stderr")
        ->needs(on_alert)
        ->type_name("FILE");
}

// --clickhouse and its companions (docs/clickhouse.md).
void add_clickhouse_options(CLI::App *cmd, netmon::clickhouse::ClickhouseOptions &c)
{
    auto *url = cmd->add_option("--clickhouse", c.url,
                                "Insert each interval's flow records and interface counts into "
                                "ClickHouse over HTTP, e.g. http://127.0.0.1:8123/?database=netmon")
                    ->type_name("URL");
    cmd->add_option("--clickhouse-user", c.user, "ClickHouse user (default: the server's default)")
        ->needs(url)
        ->type_name("USER");
    cmd->add_option("--clickhouse-password-file", c.password_file,
                    "Read the ClickHouse password from this file's first line")
        ->needs(url)
        ->type_name("FILE");
    cmd->add_option("--clickhouse-buffer-rows", c.buffer_rows,
                    "Rows kept while ClickHouse cannot take them; beyond it the oldest are lost "
                    "and counted (clickhouse.lost_rows)")
        ->check(range<size_t>(1, size_t{1} << 30))
        ->capture_default_str()
        ->needs(url)
        ->type_name("N");
    cmd->add_option("--host-name", c.host_name,
                    "This host's name in exported rows (default: the system's host name)")
        ->check(non_empty("name"))
        ->type_name("NAME");
}

// --config FILE (docs/service.md): read by cli/config_file.h after the
// command line, whose options win.
void add_config_option(CLI::App *cmd, std::string &path)
{
    cmd->add_option("--config", path,
                    "Read options from this TOML or INI file (keys: the long option names, e.g. "
                    "interval = 5); options on the command line win")
        ->check(non_empty("file name"))
        ->type_name("FILE");
}

void add_report_options(CLI::App *cmd, netmon::ReportOptions &r, std::string &filter_file)
{
    add_alert_options(cmd, r.alerts);
    cmd->add_option("--interval", r.interval_s, "Seconds between reports")
        ->check(netmon::cli::finite_number())
        ->check(range(0.05, 3600.0))
        ->capture_default_str()
        ->type_name("SECONDS");
    cmd->add_option("--top", r.top_n, "Rows in each top-talker list")
        ->check(range(0, 1000))
        ->capture_default_str()
        ->type_name("N");
    cmd->add_option("--flow-timeout", r.flow_timeout_s,
                    "Seconds a flow may stay idle before it leaves the flow table "
                    "(its counts stay in the totals)")
        ->check(netmon::cli::finite_number())
        ->check(range(0.1, 1e7))
        ->capture_default_str()
        ->type_name("SECONDS");
    r.max_flows = netmon::default_max_flows();
    cmd->add_option("--max-flows", r.max_flows,
                    "Flows each CPU's kernel table holds per interval and interface "
                    "(default: 131072 / possible CPUs, at least 8192)")
        ->check(range<uint32_t>(1u, 1u << 26))
        ->capture_default_str()
        ->type_name("N");
    cmd->add_option("--max-hosts", r.max_hosts,
                    "Hosts each host table (sources, destinations) holds at most; hosts idle "
                    "for 40 s leave anyway, and traffic of hosts beyond it is counted as host "
                    "overflow")
        ->check(range<size_t>(1, size_t{1} << 30))
        ->capture_default_str()
        ->type_name("N");
    cmd->add_option("--max-active-flows", r.max_active_flows,
                    "Flows the flow table holds at most (about 240 bytes each); flows idle "
                    "past --flow-timeout leave anyway, and traffic of new flows beyond it is "
                    "counted as refused, in no flow")
        ->check(range<size_t>(1, size_t{1} << 30))
        ->capture_default_str()
        ->type_name("N");
    cmd->add_flag("--json", r.json, "JSON Lines on stdout (schema netmon-xdp/1)");
    cmd->add_flag("--all-flows", r.all_flows,
                  "Add every flow of the run to the final report (flow_list in JSON)");
    cmd->add_option("--ipfix", r.ipfix.collectors,
                    "Export every flow to an IPFIX collector: HOST:PORT (UDP) or "
                    "tcp://HOST:PORT, repeatable")
        ->take_all()
        ->type_name("COLLECTOR");
    cmd->add_option("--ipfix-domain", r.ipfix.domain, "IPFIX observation domain id")
        ->check(range<uint32_t>(0u, UINT32_MAX))
        ->capture_default_str()
        ->type_name("ID");
    cmd->add_option("--ipfix-active-timeout", r.ipfix.active_timeout_s,
                    "Seconds: a long flow is exported at least this often, and no record "
                    "spans more")
        ->check(netmon::cli::finite_number())
        ->check(range(1.0, 86400.0))
        ->capture_default_str()
        ->type_name("SECONDS");
    add_clickhouse_options(cmd, r.clickhouse);
    auto *f = cmd->add_option("--filter", r.filter,
                              "Count only frames matching this tcpdump filter (pcap-filter(7))")
                  ->type_name("EXPRESSION");
    cmd->add_option("--filter-file", filter_file,
                    "Read the filter expression from a file (a regular file of at most 1 MiB)")
        ->check(CLI::ExistingFile)
        ->excludes(f)
        ->type_name("FILE");
    auto *http = cmd->add_option("--http", r.http.listen,
                                 "Serve Prometheus /metrics and the JSON/SSE API on [ADDR:]PORT "
                                 "(a bare port: 127.0.0.1)")
                     ->type_name("ADDRESS");
    cmd->add_option("--http-token-file", r.http.token_file,
                    "Require 'Authorization: Bearer <token>' with the token on this file's "
                    "first line (needed to listen beyond loopback; the file must be "
                    "owner-only, e.g. mode 600, the token at least 16 characters)")
        ->needs(http)
        ->type_name("FILE");
    r.http.version = NETMON_VERSION;
    r.http.revision = NETMON_GIT_REVISION;
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

} // namespace

// `config_read`: the arguments of a --config file are already in argv.
static int run_command_line(int argc, char **argv, bool config_read = false)
{
    netmon::cli::hold_closed_standard_fds();
    CLI::App app{"netmon-xdp: a real-time network monitor that counts every frame in the kernel "
                 "(XDP)"};
    // The revision names the exact source a bug report is about.
    netmon::cli::use_short_help(app); // before the subcommands, which copy it
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
        ->expected(1, -1)
        ->type_name("IFACE");
    attach_cmd
        ->add_option("--duration", attach.duration_s,
                     "Stop after this many seconds (default: until Ctrl-C)")
        ->check(netmon::cli::finite_number())
        ->check(positive_seconds())
        ->type_name("SECONDS");
    attach_cmd->add_option("--mode", mode, "XDP mode: auto tries native and falls back to generic")
        ->check(CLI::IsMember({"auto", "native", "generic"}))
        ->capture_default_str()
        ->type_name("MODE");
    attach_cmd->add_flag("--force", attach.force,
                         "Replace an XDP program already attached to an interface");
    bool no_process = false;
    attach_cmd->add_flag("--no-process", no_process,
                         "Do not attribute flows to local processes (pid, comm, cgroup)");
    std::string direction;
    attach_cmd
        ->add_option("--direction", direction,
                     "Count what arrives (ingress, XDP), what the host sends (egress, "
                     "TC) or both (default: both); --filter applies to each")
        ->check(CLI::IsMember({"ingress", "egress", "both"}))
        ->type_name("DIRECTION");
    attach_cmd
        ->add_option("--local-net", attach.local_nets,
                     "A local network (CIDR), repeatable: traffic is inbound, outbound, "
                     "internal or other relative to these (default: the interfaces' "
                     "own addresses)")
        ->take_all()
        ->type_name("CIDR");
    add_report_options(attach_cmd, attach.report, attach_filter_file);
    std::string attach_config;
    add_config_option(attach_cmd, attach_config);
    bool plain = false;
    attach_cmd->add_flag("--plain", plain,
                         "Text blocks instead of the full-screen dashboard (the default when "
                         "stdout is not a terminal)");
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
    replay_cmd
        ->add_option("files", replay.files,
                     "Capture files, replayed in order (- for standard input)")
        ->required()
        ->expected(1, -1)
        ->type_name("FILE");
    add_report_options(replay_cmd, replay.report, replay_filter_file);
    std::string replay_config;
    add_config_option(replay_cmd, replay_config);
    replay_cmd
        ->add_option("--local-net", replay.local_nets,
                     "A local network (CIDR), repeatable: directions and the local and "
                     "remote host lists and alert rules are relative to these (default: guessed "
                     "from the capture's TCP SYN destinations)")
        ->take_all()
        ->type_name("CIDR");
    replay_cmd->add_flag("--summary-only", replay.report.summary_only,
                         "Print only the alert events and the final summary (or, with --json, "
                         "the events and the final object)");
    replay_cmd->footer("Intervals, rates and flow ageing follow the capture's timestamps. The "
                       "text is one summary of the capture; --interval asks for a block per "
                       "interval too.\n"
                       "Example: netmon-xdp replay capture.pcapng --json --all-flows");

    netmon::clickhouse::SchemaNames schema;
    auto *schema_cmd = app.add_subcommand(
        "clickhouse-schema", "Print the CREATE statements of the tables --clickhouse writes to");
    schema_cmd->add_option("--database", schema.database, "Database of the tables")
        ->capture_default_str()
        ->type_name("NAME");
    schema_cmd
        ->add_option("--cluster", schema.cluster,
                     "Cluster (remote_servers entry) the Distributed tables span")
        ->capture_default_str()
        ->type_name("NAME");
    schema_cmd->footer("Example: netmon-xdp clickhouse-schema | clickhouse-client --multiquery");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        if (e.get_exit_code() == 0) { // --help, --version
            // Written here, not through std::cout: a failed write keeps its errno.
            std::ostringstream text;
            const int rc = app.exit(e, text, text);
            if (const int err = netmon::write_all(STDOUT_FILENO, text.str())) {
                std::fprintf(stderr, "netmon-xdp: cannot write to standard output: %s\n",
                             std::strerror(err));
                return netmon::kExitFailure;
            }
            return rc;
        }
        const std::string command = command_given(argc, argv);
        // "netmon-xdp atach eth0": CLI11 says only that a subcommand is required.
        const bool typo = command.empty() && argc > 1 && argv[1][0] != '-';
        std::fprintf(stderr, "netmon-xdp: %s\n",
                     (typo ? netmon::cli::unknown_subcommand_error(argv[1], kSubcommands)
                           : netmon::cli::one_line_parse_error(
                                 e.what(), e.get_name(), known_options(app, command),
                                 foreign_options(app, command), command))
                         .c_str());
        return netmon::kExitUsage;
    }
    // The file's options go after the command line's and the command line
    // is parsed again: every value passes the same checks.
    const std::string &config = *attach_cmd ? attach_config : replay_config;
    if (!config_read && !config.empty() && (*attach_cmd || *replay_cmd)) {
        std::vector<std::string> args;
        try {
            args =
                netmon::cli::config_file_arguments(*attach_cmd ? *attach_cmd : *replay_cmd, config);
        } catch (const netmon::Error &e) {
            std::fprintf(stderr, "netmon-xdp: %s\n", e.what());
            return e.exit_code();
        }
        std::vector<char *> expanded(argv, argv + argc);
        for (std::string &a : args)
            expanded.push_back(a.data());
        expanded.push_back(nullptr);
        return run_command_line(static_cast<int>(expanded.size() - 1), expanded.data(), true);
    }
    libbpf_set_print(libbpf_print);
    // A closed stdout shows up as EPIPE from write(), which the outputs
    // turn into a clean stop (detach first), not a death by SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);

    try {
        if (*attach_cmd) {
            attach.mode = *netmon::parse_xdp_mode(mode);
            attach.hooks = parse_direction(direction.empty() ? "both" : direction);
            attach.report.dashboard = !plain;
            attach.processes = !no_process;
            if (no_process)
                attach.report.alerts.no_processes = "--no-process turns process attribution off";
            if (!attach_filter_file.empty())
                attach.report.filter = netmon::cli::read_filter_file(attach_filter_file);
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
        if (*schema_cmd) {
            if (const int err =
                    netmon::write_all(STDOUT_FILENO, netmon::clickhouse::schema_ddl(schema)))
                throw netmon::Error(std::string("clickhouse-schema: cannot write the schema: ") +
                                    std::strerror(err));
            return netmon::kExitOk;
        }
        if (*replay_cmd) {
            // A capture's text is one summary (a block per capture second
            // reads as noise); --interval asks for the blocks.
            if (!replay.report.json && replay_cmd->count("--interval") == 0)
                replay.report.summary_only = true;
            if (!replay_filter_file.empty())
                replay.report.filter = netmon::cli::read_filter_file(replay_filter_file);
            replay.report.alerts.no_processes =
                "replay has no processes (a capture's sockets are not this host's)";
            return netmon::run_replay(replay);
        }
    } catch (const netmon::Error &e) {
        std::fprintf(stderr, "netmon-xdp: %s\n", e.what());
        return e.exit_code();
    } catch (const std::bad_alloc &) {
        std::fputs("netmon-xdp: out of memory: lower --max-active-flows or --max-hosts, or run "
                   "where more memory is available (docs/memory.md)\n",
                   stderr);
        return netmon::kExitFailure;
    } catch (const std::system_error &e) {
        // Bare, std::thread's refusal reads "Resource temporarily unavailable".
        const bool thread_limit = e.code() == std::errc::resource_unavailable_try_again;
        std::fprintf(stderr, "netmon-xdp: %s%s\n", thread_limit ? "cannot start a thread: " : "",
                     e.what());
        return netmon::kExitFailure;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "netmon-xdp: %s\n", e.what());
        return netmon::kExitFailure;
    }
    return netmon::kExitOk;
}

int main(int argc, char **argv)
{
    netmon::keep_freed_memory_for_reuse();
    // Whatever escapes is still one line and an exit status, never a crash.
    try {
        return run_command_line(argc, argv);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "netmon-xdp: %s\n", e.what());
    } catch (...) {
        std::fprintf(stderr, "netmon-xdp: unexpected error\n");
    }
    return netmon::kExitFailure;
}
