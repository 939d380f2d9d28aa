// `netmon-xdp replay`: checks every file it can check without consuming it
// (regular files), then reads each once, in order.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

#include "alerts/rule_list.h"
#include "attach/privileges.h"
#include "budget/flow_table_memory.h"
#include "budget/userspace_tables.h"
#include "capture/capture_reader.h"
#include "core/error.h"
#include "filter/interruptible_compile.h"
#include "loader/percpu.h"
#include "pipeline/serve_after_replay.h"
#include "replay/replay_interrupt.h"
#include "replay/replay_options.h"
#include "replay/replay_session.h"
#include "replay/syn_destinations.h"

namespace netmon {

namespace {

void warn(const std::string &line) { std::fprintf(stderr, "netmon-xdp: %s\n", line.c_str()); }

std::string source_name(const std::vector<std::string> &files)
{
    if (files.size() != 1)
        return std::to_string(files.size()) + " files";
    return files[0] == capture::kStandardInput ? "standard input" : files[0];
}

// Without --local-net: the local networks guessed from the captures (the
// addresses most often sent a TCP SYN), and the sentence that says what
// was done, for the final summary. Standard input is read only once.
std::string guess_local_nets(ReplayOptions &opts)
{
    if (!opts.local_nets.empty())
        return "";
    const std::string none = ": no directions, no local or remote hosts (--local-net sets them)";
    replay::SynDestinations syns;
    for (const auto &path : opts.files) {
        if (!capture::CaptureReader::can_check_ahead(path))
            return "no --local-net given, and " +
                   (path == capture::kStandardInput ? std::string("standard input") : path) +
                   " is read only once, so none is guessed" + none;
        // A capture that cannot be read (or is cut or corrupt) gives what
        // it read: the replay itself then counts the frames before the
        // damage and names it, as without the guess.
        try {
            auto reader = capture::CaptureReader::open(path);
            while (auto frame = reader.next())
                syns.add(frame->ethernet);
        } catch (const Error &) { // the reader's own errors only: no memory is no damage
        }
    }
    const auto guesses = syns.guess();
    if (guesses.empty())
        return "no --local-net given, and no address is the destination of " +
               std::string(syns.syns() ? "many" : "any") + " TCP SYN to guess from" + none;
    std::string list;
    for (const auto &g : guesses) {
        opts.local_nets.push_back(g.cidr);
        list += (list.empty() ? "" : ", ") + g.cidr + " (" + std::to_string(g.syns) + ")";
    }
    return "no --local-net given: local networks guessed from the capture, the destinations of "
           "the most TCP SYN of " +
           std::to_string(syns.syns()) + ": " + list + "; --local-net sets them";
}

// The final summary and the rate line: after a clean run, and also before
// an error that stopped the run once frames were counted.
void finish(replay::ReplaySession &session, const ReplayOptions &opts,
            const std::string &local_nets_note)
{
    if (!local_nets_note.empty())
        session.notice(local_nets_note);
    session.finish();
    warn(replay::replay_summary(session.frames(), source_name(opts.files), session.elapsed_s()));
}

} // namespace

int run_replay(const ReplayOptions &given)
{
    ReplayOptions opts = given;
    // Usage errors first, before anything loads: a bad filter, a file that
    // is not a capture of a supported link type. A pipe, a FIFO or "-" is
    // read once, so its header is checked when its turn comes.
    std::vector<sock_filter> filter_program;
    if (!opts.report.filter.empty())
        filter_program = filter::compile_pcap_filter_interruptible(opts.report.filter);
    check_flow_table_memory({opts.report.max_flows, possible_cpus(), 1}, mem_available_bytes());
    const std::string tables_note = userspace_tables_notice(
        opts.report.max_active_flows, opts.report.max_hosts, mem_available_bytes());
    if (!tables_note.empty())
        warn(tables_note);
    if (std::count(opts.files.begin(), opts.files.end(), capture::kStandardInput) > 1)
        throw Error("standard input ('-') can be replayed only once", kExitUsage);
    for (const auto &path : opts.files)
        if (capture::CaptureReader::can_check_ahead(path))
            capture::CaptureReader::open(path);
    if (opts.report.alerts.any())
        alerts::load_rules(opts.report.alerts);
    require_bpf_privileges();
    const std::string local_nets_note = guess_local_nets(opts);

    replay::ReplaySession session(opts, filter_program);
    if (!tables_note.empty())
        session.notice(tables_note);
    const replay::ReplayInterrupt interrupt;
    for (size_t i = 0; i < opts.files.size() && replay::ReplayInterrupt::signal() == 0; i++) {
        try {
            auto reader = capture::CaptureReader::open(opts.files[i]);
            const uint64_t before = session.frames();
            session.replay_file(i, reader);
            if (session.frames() == before) {
                // Alone, it ends in "nothing to replay" below: one line is enough.
                if (opts.files.size() > 1)
                    warn(opts.files[i] + ": holds no frames");
                session.notice(opts.files[i] + ": holds no frames");
            }
        } catch (const replay::OutputFailed &e) {
            return e.exit_code();
        } catch (const Error &) {
            // A stop signal interrupted a wait for data (EINTR): a stop, not
            // a damaged capture.
            if (replay::ReplayInterrupt::signal() != 0)
                break;
            if (session.frames() > 0)
                finish(session, opts, local_nets_note);
            throw;
        }
    }
    const int stopped_by = replay::ReplayInterrupt::signal();
    if (stopped_by) {
        // What was counted is reported, and said to be partial.
        const std::string why = std::string("replay stopped by SIG") + sigabbrev_np(stopped_by) +
                                " after " + std::to_string(session.frames()) +
                                " frames: the summary covers those";
        warn(why);
        session.notice(why);
    } else if (session.frames() == 0) {
        throw Error("nothing to replay: no frames in " + source_name(opts.files), kExitUsage);
    }
    try {
        finish(session, opts, local_nets_note);
    } catch (const replay::OutputFailed &e) {
        return e.exit_code();
    }
    if (stopped_by)
        return 128 + stopped_by;
    // The outputs are closed; the HTTP server lives as long as the session.
    serve_after_replay(opts.report);
    return kExitOk;
}

} // namespace netmon
