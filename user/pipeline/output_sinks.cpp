#include "pipeline/output_sinks.h"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>

#include "core/error.h"

#include "ipfix/ipfix_sink.h"
#include "sinks/json_sink.h"
#include "sinks/text_sink.h"

namespace netmon {

std::unique_ptr<SinkHub> make_output_hub(const ReportOptions &opts, SinkHub::WhenFull when_full)
{
    auto hub = std::make_unique<SinkHub>(when_full);
    if (opts.json)
        hub->add(std::make_unique<JsonSink>(STDOUT_FILENO), SinkHub::Role::Essential);
    else
        hub->add(std::make_unique<TextSink>(STDOUT_FILENO, opts.top_n), SinkHub::Role::Essential);
    // A collector that is down is reported and retried: never the run's end.
    if (!opts.ipfix.collectors.empty())
        hub->add(std::make_unique<ipfix::IpfixSink>(opts.ipfix), SinkHub::Role::Optional);
    return hub;
}

int output_failure_exit(const SinkFailure &failure)
{
    if (failure.err == EPIPE)
        return 128 + SIGPIPE;
    std::fprintf(stderr, "netmon-xdp: %s\n", failure.message.c_str());
    return kExitFailure;
}

} // namespace netmon
