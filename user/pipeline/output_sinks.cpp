#include "pipeline/output_sinks.h"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>

#include "core/error.h"

#include "alerts/rule_list.h"
#include "sinks/json_sink.h"
#include "sinks/on_alert_sink.h"
#include "sinks/text_sink.h"

namespace netmon {

std::unique_ptr<SinkHub> make_output_hub(const ReportOptions &opts, SinkHub::WhenFull when_full)
{
    auto hub = std::make_unique<SinkHub>(when_full);
    if (opts.json)
        hub->add(std::make_unique<JsonSink>(STDOUT_FILENO), SinkHub::Role::Essential);
    else
        hub->add(std::make_unique<TextSink>(STDOUT_FILENO, opts.top_n), SinkHub::Role::Essential);
    if (!opts.alerts.on_alert.empty())
        hub->add(std::make_unique<OnAlertSink>(
                     opts.alerts.on_alert,
                     std::chrono::milliseconds(
                         static_cast<int64_t>(opts.alerts.on_alert_timeout_s * 1000))),
                 SinkHub::Role::Optional);
    return hub;
}

std::unique_ptr<alerts::AlertEngine> make_alert_engine(const ReportOptions &opts)
{
    if (!opts.alerts.any())
        return nullptr;
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
