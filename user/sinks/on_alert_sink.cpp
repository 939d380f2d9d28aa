#include "sinks/on_alert_sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "core/error.h"
#include "output/alert_json.h"
#include "sinks/alert_environment.h"
#include "sinks/command_run.h"

namespace netmon {

namespace {

void warn(const std::string &line) { std::fprintf(stderr, "netmon-xdp: %s\n", line.c_str()); }

Fd open_log(const std::string &path)
{
    if (path.empty())
        return Fd();
    Fd fd(open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0640));
    if (!fd)
        throw Error(errno_message("cannot open --on-alert-log " + path, -errno), kExitUsage);
    return fd;
}

} // namespace

OnAlertSink::OnAlertSink(std::string command, std::chrono::milliseconds timeout,
                         const std::string &log_path)
    : command_(std::move(command)), timeout_(timeout), log_path_(log_path),
      log_(open_log(log_path)),
      output_(log_ ? log_.get() : STDERR_FILENO, log_ ? "" : "netmon-xdp: on-alert: ")
{
}

void OnAlertSink::consume_alert(const AlertEventPtr &event)
{
    if (interrupted_)
        return; // the run is ending; SinkHub counts what is left
    runs_++;
    const CommandRun run = run_command(command_, render_alert_json_line(*event) + "\n", timeout_,
                                       output_, interrupted_, alert_environment(*event));
    if (log_ && output_.write_error() != 0 && !log_failure_reported_) {
        log_failure_reported_ = true;
        warn(errno_message("cannot write --on-alert-log " + log_path_, -output_.write_error()) +
             " (reported once: what it could not take is lost; counting and the alerts go on)");
    }
    if (run.failure.empty() || run.interrupted)
        return;
    if (failures_++ == 0)
        warn("--on-alert '" + command_ + "' " + run.failure +
             " (reported once; counting and the other outputs go on)");
}

void OnAlertSink::close()
{
    if (failures_ > 1)
        warn("--on-alert '" + command_ + "' failed " + std::to_string(failures_) + " of " +
             std::to_string(runs_) + " times");
}

} // namespace netmon
