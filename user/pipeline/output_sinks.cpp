#include "pipeline/output_sinks.h"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "core/error.h"
#include "core/excerpt.h"

#include "alerts/rule_list.h"
#include "clickhouse/clickhouse_sink.h"
#include "http/http_sink.h"
#include "ipfix/ipfix_sink.h"
#include "sinks/final_only_sink.h"
#include "sinks/json_sink.h"
#include "sinks/on_alert_sink.h"
#include "sinks/text_sink.h"
#include "tui/dashboard_sink.h"
#include "tui/terminal_type.h"

namespace netmon {

namespace {

// The names the rules' metrics carry (parsed again here: the engine that
// owns the rules is made after the outputs).
std::vector<std::string> alert_rule_names(const alerts::AlertOptions &opts)
{
    std::vector<std::string> names;
    if (opts.any())
        for (const alerts::Rule &rule : alerts::load_rules(opts))
            names.push_back(rule.name);
    return names;
}

} // namespace

namespace {

bool on_a_terminal(const ReportOptions &opts)
{
    return opts.dashboard && !opts.json && isatty(STDOUT_FILENO) == 1 && isatty(STDIN_FILENO) == 1;
}

} // namespace

bool uses_dashboard(const ReportOptions &opts)
{
    return on_a_terminal(opts) && tui::terminal_type_known();
}

std::unique_ptr<SinkHub> make_output_hub(const ReportOptions &opts, SinkHub::WhenFull when_full)
{
    auto hub = std::make_unique<SinkHub>(when_full);
    std::unique_ptr<Sink> out;
    if (on_a_terminal(opts) && !tui::terminal_type_known()) {
        const char *term = std::getenv("TERM");
        std::fprintf(stderr,
                     "netmon-xdp: notice: this system has no terminal description for TERM='%s': "
                     "text blocks instead of the dashboard (set TERM, e.g. xterm-256color, or use "
                     "--plain)\n",
                     excerpt(term != nullptr ? term : "").c_str());
    }
    if (uses_dashboard(opts))
        out = std::make_unique<tui::DashboardSink>(opts.top_n);
    else if (opts.json)
        out = std::make_unique<JsonSink>(STDOUT_FILENO);
    else
        out = std::make_unique<TextSink>(STDOUT_FILENO, opts.top_n);
    if (opts.summary_only)
        out = std::make_unique<FinalOnlySink>(std::move(out));
    hub->add(std::move(out), SinkHub::Role::Essential);
    // Binds here, before anything is attached: a port in use is a usage error.
    if (opts.http.enabled())
        hub->add(std::make_unique<http::HttpSink>(opts.http, opts.interval_s, opts.max_flows,
                                                  alert_rule_names(opts.alerts)),
                 SinkHub::Role::Optional);
    if (!opts.alerts.on_alert.empty())
        hub->add(std::make_unique<OnAlertSink>(opts.alerts.on_alert,
                                               std::chrono::milliseconds(static_cast<int64_t>(
                                                   opts.alerts.on_alert_timeout_s * 1000)),
                                               opts.alerts.on_alert_log),
                 SinkHub::Role::Optional);
    // A collector that is down is reported and retried: never the run's end.
    if (!opts.ipfix.collectors.empty())
        hub->add(std::make_unique<ipfix::IpfixSink>(opts.ipfix), SinkHub::Role::Optional);
    // Likewise a ClickHouse server: rows wait, bounded, and what is lost is counted.
    if (opts.clickhouse.enabled())
        hub->add(std::make_unique<clickhouse::ClickhouseSink>(opts.clickhouse),
                 SinkHub::Role::Optional);
    return hub;
}

std::unique_ptr<alerts::AlertEngine> make_alert_engine(const ReportOptions &opts)
{
    if (!opts.alerts.any()) {
        // Options that only serve rules would do nothing, silently.
        const std::pair<const char *, const std::string &> rule_only[] = {
            {"--known-hosts", opts.alerts.known_hosts_file},
            {"--baseline", opts.alerts.baseline_file},
            {"--on-alert", opts.alerts.on_alert}, // --on-alert-log needs it (CLI)
        };
        for (const auto &[name, value] : rule_only)
            if (!value.empty())
                throw Error(std::string(name) +
                                " serves alert rules, and there are none: add --alert RULE or "
                                "--alert-file FILE, or drop " +
                                name,
                            kExitUsage);
        return nullptr;
    }
    alerts::AlertOptions a = opts.alerts;
    a.interval_s = opts.interval_s;
    return std::make_unique<alerts::AlertEngine>(alerts::load_rules(a), a);
}

void publish_interval(SinkHub &hub, alerts::AlertEngine *engine, Snapshot snapshot)
{
    std::vector<AlertEventPtr> events;
    if (engine)
        events = engine->evaluate(snapshot);
    for (const auto &e : events)
        hub.publish_alert(e);
    // The last events: --on-alert gets its time to run them (bounded), and
    // what it could not is counted in the final report.
    if (snapshot.kind == Snapshot::Kind::Final && hub.has_event_sinks())
        snapshot.on_alert_undelivered = hub.finish_event_sinks();
    hub.publish(std::make_shared<const Snapshot>(std::move(snapshot)));
}

int output_failure_exit(const SinkFailure &failure)
{
    if (failure.err == EPIPE)
        return 128 + SIGPIPE;
    std::fprintf(stderr, "netmon-xdp: %s\n", failure.message.c_str());
    return kExitFailure;
}

} // namespace netmon
