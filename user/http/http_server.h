// The HTTP server behind --http: GET /metrics, /api/v1/snapshot,
// /api/v1/stream (SSE), /api/v1/history and / (the web page), served from
// HttpState. RequestFront accepts, reads and checks each request head and
// the token; httplib routes and writes the responses on its workers.
#pragma once

#include <memory>
#include <string>

#include "http/http_state.h"
#include "http/listen_address.h"
#include "http/request_front.h"
#include "http/stream_slots.h"

namespace netmon::http {

class Router;

// Limits; see docs/http.md.
struct ServerLimits {
    FrontLimits front;                             // head size and deadline, connections, workers
    size_t backlog = 1024;                         // connections the kernel holds before accept
    size_t streams = 8;                            // SSE streams at once: workers stay for the rest
    std::chrono::milliseconds write_timeout{5000}; // a client that stops reading is dropped
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
    std::optional<FrontReply> admit(const RequestHead &head) const;
    bool serve(FrontConnection &conn);

    ListenAddress address_;
    std::string token_;
    std::shared_ptr<HttpState> state_;
    ServerLimits limits_;
    std::unique_ptr<Router> router_;
    StreamSlots streams_;
    std::unique_ptr<RequestFront> front_;
};

} // namespace netmon::http
