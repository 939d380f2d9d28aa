// `netmon-xdp replay`: checks every file it can check without consuming it
// (regular files), then reads each once, in order.
#include <algorithm>
#include <cstdio>
#include <string>

#include "alerts/rule_list.h"
#include "attach/privileges.h"
#include "budget/flow_table_memory.h"
#include "capture/capture_reader.h"
#include "core/error.h"
#include "filter/interruptible_compile.h"
#include "loader/percpu.h"
#include "pipeline/serve_after_replay.h"
#include "replay/replay_options.h"
#include "replay/replay_session.h"

namespace netmon {

namespace {

void warn(const std::string &line) { std::fprintf(stderr, "netmon-xdp: %s\n", line.c_str()); }

std::string source_name(const std::vector<std::string> &files)
{
    if (files.size() != 1)
        return std::to_string(files.size()) + " files";
    return files[0] == capture::kStandardInput ? "standard input" : files[0];
}

// The final summary and the rate line: after a clean run, and also before
// an error that stopped the run once frames were counted.
void finish(replay::ReplaySession &session, const ReplayOptions &opts)
{
    session.finish();
    warn(replay::replay_summary(session.frames(), source_name(opts.files), session.elapsed_s()));
}

} // namespace

int run_replay(const ReplayOptions &opts)
{
    // Usage errors first, before anything loads: a bad filter, a file that
    // is not a capture of a supported link type. A pipe, a FIFO or "-" is
    // read once, so its header is checked when its turn comes.
    std::vector<sock_filter> filter_program;
    if (!opts.report.filter.empty())
        filter_program = filter::compile_pcap_filter_interruptible(opts.report.filter);
    check_flow_table_memory({opts.report.max_flows, possible_cpus(), 1}, mem_available_bytes());
    if (std::count(opts.files.begin(), opts.files.end(), capture::kStandardInput) > 1)
        throw Error("standard input ('-') can be replayed only once", kExitUsage);
    for (const auto &path : opts.files)
        if (capture::CaptureReader::can_check_ahead(path))
            capture::CaptureReader::open(path);
    if (opts.report.alerts.any())
        alerts::load_rules(opts.report.alerts);
    require_bpf_privileges();

    replay::ReplaySession session(opts, filter_program);
    for (size_t i = 0; i < opts.files.size(); i++) {
        try {
            auto reader = capture::CaptureReader::open(opts.files[i]);
            const uint64_t before = session.frames();
            session.replay_file(i, reader);
            if (session.frames() == before) {
                warn(opts.files[i] + ": holds no frames");
                session.notice(opts.files[i] + ": holds no frames");
            }
        } catch (const replay::OutputFailed &e) {
            return e.exit_code();
        } catch (const Error &) {
            if (session.frames() > 0)
                finish(session, opts);
            throw;
        }
    }
    if (session.frames() == 0)
        throw Error("nothing to replay: no frames in " + source_name(opts.files), kExitUsage);
    try {
        finish(session, opts);
    } catch (const replay::OutputFailed &e) {
        return e.exit_code();
    }
    // The outputs are closed; the HTTP server lives as long as the session.
    serve_after_replay(opts.report);
    return kExitOk;
}

} // namespace netmon
