// `netmon-xdp replay`: checks every file first, then replays them in order.
#include <cstdio>
#include <string>

#include "attach/privileges.h"
#include "core/error.h"
#include "alerts/rule_list.h"
#include "filter/pcap_compile.h"
#include "capture/capture_reader.h"
#include "replay/replay_options.h"
#include "replay/replay_session.h"

namespace netmon {

namespace {

void warn(const std::string &line) { std::fprintf(stderr, "netmon-xdp: %s\n", line.c_str()); }

std::string source_name(const std::vector<std::string> &files)
{
    return files.size() == 1 ? files[0] : std::to_string(files.size()) + " files";
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
    // is not a capture of a supported link type.
    if (!opts.report.filter.empty())
        filter::compile_pcap_filter(opts.report.filter);
    for (const auto &path : opts.files)
        capture::CaptureReader::open(path);
    if (opts.report.alerts.any())
        alerts::load_rules(opts.report.alerts);
    require_bpf_privileges();

    replay::ReplaySession session(opts);
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
    return kExitOk;
}

} // namespace netmon
