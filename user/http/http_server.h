// The HTTP server behind --http: GET /metrics, /api/v1/snapshot,
// /api/v1/stream (SSE), /api/v1/history and / (the web page), served from
// HttpState on httplib's listening thread and a bounded pool of workers.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "http/http_state.h"
#include "http/listen_address.h"

namespace httplib {
class Server;
}

namespace netmon::http {

// Limits; see docs/http.md.
struct ServerLimits {
    size_t workers = 16;         // requests served at once (streams included)
    size_t queued = 64;          // accepted connections waiting for a worker
    size_t streams = 8;          // SSE streams at once: workers stay for the rest
    size_t payload_bytes = 4096; // request body: GET needs none
    int read_timeout_s = 5;      // per read: a silent client is dropped
    int write_timeout_s = 5;     // per write: a client that stops reading is dropped
    int keep_alive_timeout_s = 5;
    size_t keep_alive_requests = 100;
};

class HttpServer {
  public:
    // Binds now, so a port in use or a bad address fails before anything
    // is attached (netmon::Error, usage). `token`: empty for no auth.
    HttpServer(const ListenAddress &address, std::string token, std::shared_ptr<HttpState> state,
               ServerLimits limits = {});
    ~HttpServer(); // stop()
    HttpServer(const HttpServer &) = delete;
    HttpServer &operator=(const HttpServer &) = delete;

    // Ends the streams, stops accepting, joins the workers.
    void stop();

    const ListenAddress &address() const { return address_; }

  private:
    void routes();

    ListenAddress address_;
    std::string token_;
    std::shared_ptr<HttpState> state_;
    ServerLimits limits_;
    std::unique_ptr<httplib::Server> server_;
    std::atomic<size_t> streams_{0};
    std::thread listener_;
};

} // namespace netmon::http
