#include "http/http_sink.h"

#include "core/error.h"
#include "http/bearer_token.h"
#include "http/listen_address.h"
#include "http/metrics_exposition.h"
#include "http/prometheus_text.h"
#include "output/alert_json.h"
#include "output/json_view.h"

namespace netmon::http {

namespace {

std::string token_for(const HttpOptions &opts, const ListenAddress &address)
{
    if (!opts.token_file.empty())
        return read_token_file(opts.token_file);
    if (!address.loopback)
        throw Error("--http " + opts.listen + ": serving beyond this host (" + address.host +
                        ") needs --http-token-file FILE, so that only holders of the token "
                        "can read the traffic figures",
                    kExitUsage);
    return {};
}

} // namespace

std::string HttpSink::render_alert_metrics(const Snapshot &s)
{
    if (!s.alerts)
        return {}; // no rules: no alert families
    std::map<std::string, uint64_t> active;
    for (const auto &[rule, counts] : alert_events_)
        active[rule] = 0;
    for (const ActiveAlert &a : s.alerts->active)
        active[a.name]++;
    PrometheusText out;
    out.family("netmon_alerts_active", "gauge",
               "Alerts active now, per rule (a per-key rule can have several)");
    for (const auto &[rule, n] : active)
        out.sample("", {{"rule", rule}}, n);
    out.family("netmon_alert_events_total", "counter", "Alert events sent, per rule and state");
    for (const auto &[rule, counts] : alert_events_)
        for (auto state :
             {AlertEvent::State::Start, AlertEvent::State::Update, AlertEvent::State::End})
            out.sample("", {{"rule", rule}, {"state", alert_state_name(state)}},
                       counts[static_cast<size_t>(state)]);
    return out.text();
}

void HttpSink::consume_alert(const AlertEventPtr &event)
{
    alert_events_[event->alert.name][static_cast<size_t>(event->state)]++;
    // It belongs to the interval about to be published.
    state_->publish_alert({last_sequence_ + 1, "alert", render_alert_json_line(*event)});
}

HttpSink::HttpSink(const HttpOptions &opts, double interval_s, uint32_t max_flows,
                   const std::vector<std::string> &alert_rules)
    : opts_(opts), max_flows_(max_flows), state_(std::make_shared<HttpState>(interval_s))
{
    for (const std::string &rule : alert_rules)
        alert_events_[rule] = {};
    ListenAddress address = parse_listen_address(opts.listen);
    std::string token = token_for(opts, address);
    server_ = std::make_shared<HttpServer>(address, std::move(token), state_);
}

std::string HttpSink::name() const { return "HTTP server on " + server_->address().to_string(); }

void HttpSink::consume(const SnapshotPtr &snapshot)
{
    const Snapshot &s = *snapshot;
    if (s.poll_duration_s)
        poll_.observe(*s.poll_duration_s);
    last_sequence_ = s.sequence;
    MetricsContext ctx{opts_.version, opts_.revision, max_flows_, &poll_};
    nlohmann::json j = to_json(s);
    // The same line --json prints (invalid UTF-8 replaced the same way).
    std::string data = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    j.erase("top");
    j.erase("flow_list");
    state_->publish(
        render_metrics(s, ctx) + render_alert_metrics(s),
        {s.sequence, s.kind == Snapshot::Kind::Final ? "final" : "interval", std::move(data)},
        {s.wall_time_ns, j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
}

} // namespace netmon::http
