// --http as a sink of the snapshot stream: on its own thread it renders
// each snapshot once (metrics text, JSON object, history point) into the
// HttpState the server answers from. The server's threads never touch the
// counting side, and a full queue drops only this sink's copy.
#pragma once

#include <memory>

#include <array>
#include <map>
#include <string>
#include <vector>
#include "http/http_options.h"
#include "http/http_server.h"
#include "http/http_state.h"
#include "http/poll_histogram.h"

#include "sinks/sink.h"

namespace netmon::http {

class HttpSink : public Sink {
  public:
    // Parses the address, reads the token and binds: throws netmon::Error
    // (usage) before anything is attached. `max_flows` is reported as the
    // flow table's capacity; `alert_rules` (the rules' names) each get a
    // netmon_alerts_active series from the first interval on, 0 until they fire.
    HttpSink(const HttpOptions &opts, double interval_s, uint32_t max_flows,
             const std::vector<std::string> &alert_rules = {});

    std::string name() const override;
    void consume(const SnapshotPtr &snapshot) override;
    // Streamed as SSE `event: alert` and counted for netmon_alert_events_total.
    void consume_alert(const AlertEventPtr &event) override;
    // The server stays up: the run stops it (see stop()) once it is done
    // with it, which for replay --http is at Ctrl-C.
    void close() override {}

    // For the run: the server, to stop it and to say where it listens.
    std::shared_ptr<HttpServer> server() const { return server_; }

  private:
    // netmon_alerts_active and netmon_alert_events_total, with --alert.
    std::string render_alert_metrics(const Snapshot &s);

    HttpOptions opts_;
    uint32_t max_flows_;
    std::shared_ptr<HttpState> state_;
    std::shared_ptr<HttpServer> server_;
    PollHistogram poll_;
    uint64_t last_sequence_ = 0; // of the latest snapshot
    // Events per rule (its name) and state (start, update, end): bounded by
    // the rules given, never by traffic.
    std::map<std::string, std::array<uint64_t, 3>> alert_events_;
};

} // namespace netmon::http
