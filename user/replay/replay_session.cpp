#include "replay/replay_session.h"

#include <span>
#include <utility>

#include "filter/pcap_compile.h"
#include "replay/replay_interrupt.h"
#include "stats/window_spec.h"

namespace netmon::replay {

namespace {

AggregatorOptions aggregator_options(const ReplayOptions &opts)
{
    AggregatorOptions a = report_aggregation(opts.report);
    a.interfaces = opts.files;
    a.source = "replay";
    for (const auto &cidr : opts.local_nets)
        a.local_nets.add(cidr);
    return a;
}

std::unique_ptr<NetmonObject> load_program(const ReplayOptions &opts)
{
    // Replay counts ingress only; without a filter, in batches.
    return NetmonObject::load({.max_flows = opts.report.max_flows,
                               .clock = NETMON_CLOCK_REPLAY,
                               .egress = false,
                               .replay_batches = opts.report.filter.empty()});
}

// With --filter the filter is the entry point, as when attached.
std::optional<filter::FilterChain>
build_filter(const ReplayOptions &opts, const std::vector<sock_filter> &program, NetmonObject &obj)
{
    if (opts.report.filter.empty())
        return std::nullopt;
    return filter::FilterChain::build(
        program.empty() ? filter::compile_pcap_filter(opts.report.filter) : program,
        {obj.filter_verdicts_fd(), obj.xdp_prog_fd(), obj.filtered_out_prog_fd(),
         /*length_from_metadata=*/true}); // FrameFeeder puts the wire length there
}

} // namespace

ReplaySession::ReplaySession(const ReplayOptions &opts,
                             const std::vector<sock_filter> &filter_program)
    : ReplaySession(opts, filter_program, make_alert_engine(opts.report))
{
}

ReplaySession::ReplaySession(const ReplayOptions &opts,
                             const std::vector<sock_filter> &filter_program,
                             std::unique_ptr<alerts::AlertEngine> rules)
    : obj_(load_program(opts)),
      // Nothing runs the program but us, synchronously: no grace period.
      generations_(*obj_, /*wait_for_readers=*/false),
      filter_(build_filter(opts, filter_program, *obj_)),
      feeder_(filter_ ? filter_->entry_prog_fd() : obj_->xdp_prog_fd()),
      // Nothing is lost by slowing a replay down: outputs get every interval.
      driver_(aggregator_options(opts), opts.report, SinkHub::WhenFull::Wait, std::move(rules)),
      grid_(static_cast<uint64_t>(opts.report.interval_s * 1e9),
            WindowSpec::for_interval(opts.report.interval_s).longest())
{
    if (!filter_)
        batches_.emplace(*obj_);
    // One program counts every file, one after the other.
    for (size_t i = 0; i < opts.files.size(); i++)
        driver_.aggregator().set_flow_tables(i, obj_->cpus(), obj_->max_flows());
}

void ReplaySession::replay_file(size_t file_index, capture::CaptureReader &reader)
{
    if (file_index != file_index_) {
        harvest(); // what the previous file counted stays its own
        file_index_ = file_index;
    }
    progress_.begin_file(reader.path());
    // A stop signal ends the file (and the run) after the frame in hand.
    while (ReplayInterrupt::signal() == 0) {
        auto frame = reader.next();
        if (!frame)
            break;
        count(*frame);
        progress_.frame_done();
    }
    progress_.clear();
}

void ReplaySession::count(const capture::CapturedFrame &frame)
{
    if (!started_) {
        grid_.start(frame.timestamp_ns);
        started_ = true;
    }
    auto closes = grid_.advance_to(frame.timestamp_ns);
    if (!closes.empty())
        harvest();
    for (const auto &c : closes)
        close(c, Snapshot::Kind::Interval);

    // Each frame adds at most one flow: harvesting before the kernel's
    // table can be full means replay never overflows it.
    if (fed_since_harvest_ >= obj_->max_flows())
        harvest();
    fed_since_harvest_++;
    if (batches_ && BatchFeeder::fits(frame.ethernet.size())) {
        batches_->add(frame.ethernet, frame.original_length, frame.timestamp_ns);
        return;
    }
    if (batches_)
        batches_->flush(); // the frames before this one count first
    obj_->set_replay_clock(frame.timestamp_ns);
    obj_->set_replay_frame_len(frame.original_length);
    feeder_.feed(frame.ethernet, frame.original_length);
}

void ReplaySession::harvest()
{
    if (batches_)
        batches_->flush();
    const IntervalDriver::Source source{&generations_, file_index_};
    driver_.harvest(std::span(&source, 1));
    fed_since_harvest_ = 0;
}

void ReplaySession::close(const IntervalClose &c, Snapshot::Kind kind)
{
    // The capture's clock is already Unix epoch time.
    IntervalEnd end{.bpf_now_ns = c.end_ns,
                    .bpf_to_wall_ns = 0,
                    .interval_s = static_cast<double>(c.length_ns) / 1e9,
                    .elapsed_s = static_cast<double>(c.end_ns - grid_.start_ns()) / 1e9};
    progress_.clear();
    driver_.close(end, kind);
    stop_if_output_failed();
}

void ReplaySession::stop_if_output_failed()
{
    if (auto failed = driver_.output_failed())
        throw OutputFailed(*failed);
}

void ReplaySession::finish()
{
    harvest();
    close(grid_.finish(), Snapshot::Kind::Final);
    if (auto failed = driver_.finish())
        throw OutputFailed(*failed);
}

} // namespace netmon::replay
