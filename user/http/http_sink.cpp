#include "http/http_sink.h"

#include "core/error.h"
#include "http/bearer_token.h"
#include "http/listen_address.h"
#include "http/metrics_exposition.h"
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

HttpSink::HttpSink(const HttpOptions &opts, double interval_s, uint32_t max_flows)
    : opts_(opts), max_flows_(max_flows), state_(std::make_shared<HttpState>(interval_s))
{
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
    MetricsContext ctx{opts_.version, opts_.revision, max_flows_, &poll_};
    nlohmann::json j = to_json(s);
    // The same line --json prints (invalid UTF-8 replaced the same way).
    std::string data = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    j.erase("top");
    j.erase("flow_list");
    state_->publish(render_metrics(s, ctx),
                    {s.sequence, s.kind == Snapshot::Kind::Final ? "final" : "interval",
                     std::move(data)},
                    {s.wall_time_ns, j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
}

} // namespace netmon::http
