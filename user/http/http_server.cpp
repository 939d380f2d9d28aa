#include "http/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <httplib.h>

#include "core/error.h"
#include "core/fd.h"
#include "http/bearer_token.h"
#include "http/head_first_stream.h"
#include "http/prometheus_text.h"
#include "http/sse.h"
#include "http/web_page.h"

namespace netmon::http {

namespace {

constexpr const char *kJson = "application/json";
constexpr const char *kText = "text/plain; charset=utf-8";
constexpr unsigned kSseRetryMs = 2000;
constexpr auto kSseHeartbeat = std::chrono::seconds(10);
// How often a stream with nothing to send checks that its client is still
// there: a closed stream gives its slot back within this.
constexpr auto kSseCheck = std::chrono::milliseconds(250);

// Our own listening socket: the front accepts on it. Bound here, so the
// user gets the reason (port in use, address not on this host) before
// anything is attached. SO_REUSEADDR lets a restart bind despite TIME_WAIT
// connections; SO_REUSEPORT is not set, so a second netmon-xdp cannot
// share the port and split the requests.
Fd listen_on(const ListenAddress &a, size_t backlog)
{
    Fd fd(socket(a.ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd)
        throw Error(errno_message("--http: cannot create a socket", -errno));
    int one = 1;
    setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    int rc;
    if (a.ipv6) {
        sockaddr_in6 sa{};
        sa.sin6_family = AF_INET6;
        sa.sin6_port = htons(a.port);
        inet_pton(AF_INET6, a.host.c_str(), &sa.sin6_addr);
        rc = bind(fd.get(), reinterpret_cast<sockaddr *>(&sa), sizeof(sa));
    } else {
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(a.port);
        inet_pton(AF_INET, a.host.c_str(), &sa.sin_addr);
        rc = bind(fd.get(), reinterpret_cast<sockaddr *>(&sa), sizeof(sa));
    }
    if (rc == 0 && ::listen(fd.get(), static_cast<int>(backlog)) == 0)
        return fd;
    const int err = errno;
    std::string hint = err == EADDRINUSE ? " (another program listens there; pick another port)"
                       : err == EADDRNOTAVAIL ? " (no interface of this host has that address)"
                       : err == EACCES        ? " (ports below 1024 need privileges)"
                                              : "";
    throw Error("--http: cannot listen on " + a.to_string() + ": " + std::strerror(err) + hint,
                kExitUsage);
}

void text(httplib::Response &res, int status, const std::string &body)
{
    res.status = status;
    res.set_content(body + "\n", kText);
}

const char *status_reason(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Payload Too Large";
    case 414:
        return "URI Too Long";
    }
    return "Error";
}

} // namespace

// httplib's router and response writer, fed one request at a time by
// our front. process_request is httplib's own per-request step (0.11:
// request line and headers from the stream, routing, the response).
class Router : public httplib::Server {
  public:
    // httplib ends a streamed response once its listening socket is gone
    // (svr_sock_ invalid); the socket is the front's, so the router is
    // told which one it is. httplib never closes it: it never listened.
    explicit Router(int listening_fd) { svr_sock_ = listening_fd; }

    bool serve(httplib::Stream &stream, bool close, bool &closed)
    {
        return process_request(stream, close, closed, [](httplib::Request &) {});
    }
};

HttpServer::HttpServer(const ListenAddress &address, std::string token,
                       std::shared_ptr<HttpState> state, ServerLimits limits)
    : address_(address), token_(std::move(token)), state_(std::move(state)), limits_(limits),
      streams_(limits.streams)
{
    Fd listener = listen_on(address_, limits_.backlog);
    router_ = std::make_unique<Router>(listener.get());
    // What httplib announces in Keep-Alive: our front's policy.
    router_->set_keep_alive_timeout(
        std::chrono::duration_cast<std::chrono::seconds>(limits_.front.head_timeout).count());
    router_->set_keep_alive_max_count(limits_.keep_alive_requests);
    routes();
    front_ = std::make_unique<RequestFront>(
        std::move(listener), limits_.front, [this](const RequestHead &h) { return admit(h); },
        [this](FrontConnection &c) { return serve(c); });
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::stop()
{
    if (!front_)
        return;
    state_->shut_down(); // streams return, so their workers are free
    front_->stop();
    front_.reset();
}

std::optional<FrontReply> HttpServer::admit(const RequestHead &head) const
{
    if (token_.empty() || (head.authorization && bearer_matches(*head.authorization, token_)))
        return std::nullopt;
    // The web page itself holds no data, and a browser cannot add a
    // header when it opens a URL: GET / is served so the page can ask for
    // the token and send it with every API request (docs/web.md).
    std::string_view path = std::string_view(head.target).substr(0, head.target.find('?'));
    if ((head.method == "GET" || head.method == "HEAD") && path == "/")
        return std::nullopt;
    return FrontReply{401,
                      "netmon-xdp: this server needs 'Authorization: Bearer <token>' "
                      "(the token in --http-token-file)",
                      {{"WWW-Authenticate", "Bearer realm=\"netmon-xdp\""}}};
}

bool HttpServer::serve(FrontConnection &conn)
{
    HeadFirstStream stream(conn.fd, conn.head, limits_.write_timeout);
    const bool close = conn.served + 1 >= limits_.keep_alive_requests || state_->shutting_down();
    bool closed = false;
    const bool written = router_->serve(stream, close, closed);
    return written && !close && !closed;
}

void HttpServer::routes()
{
    auto &s = *router_;
    // httplib's own errors (400, 404, 413, 414) come without a body.
    s.set_error_handler(
        httplib::Server::HandlerWithResponse([](const httplib::Request &, httplib::Response &res) {
            if (!res.body.empty())
                return httplib::Server::HandlerResponse::Unhandled;
            text(res, res.status, std::to_string(res.status) + " " + status_reason(res.status));
            return httplib::Server::HandlerResponse::Handled;
        }));

    s.Get("/metrics", [this](const httplib::Request &, httplib::Response &res) {
        std::string body = state_->metrics();
        if (body.empty())
            return text(res, 503, "no interval closed yet");
        res.set_content(body, kPrometheusContentType);
    });
    s.Get("/api/v1/snapshot", [this](const httplib::Request &, httplib::Response &res) {
        auto latest = state_->latest();
        if (!latest)
            return text(res, 503, "no interval closed yet");
        res.set_content(latest->data + "\n", kJson);
    });
    s.Get("/api/v1/history", [this](const httplib::Request &, httplib::Response &res) {
        res.set_content(state_->history_json() + "\n", kJson);
    });
    s.Get("/api/v1/stream", [this](const httplib::Request &req, httplib::Response &res) {
        auto slot = streams_.try_take();
        if (!slot)
            return text(res, 503,
                        "too many event streams open (at most " + std::to_string(streams_.limit()) +
                            ")");
        // A reconnecting client resumes after the id it saw; a new one, or
        // one whose Last-Event-ID is no id we issue, starts with the latest
        // interval.
        uint64_t after =
            state_->start_position(parse_last_event_id(req.get_header_value("Last-Event-ID")));
        res.set_header("Cache-Control", "no-store");
        struct Cursor {
            uint64_t after;
            bool started = false;
            std::chrono::steady_clock::time_point last_write;
        };
        auto cursor = std::make_shared<Cursor>(Cursor{after});
        res.set_chunked_content_provider(
            kSseContentType, [this, slot, cursor](size_t, httplib::DataSink &sink) {
                if (!cursor->started) {
                    cursor->started = true;
                    std::string retry = sse_retry(kSseRetryMs);
                    if (!sink.write(retry.data(), retry.size()))
                        return false;
                    cursor->last_write = std::chrono::steady_clock::now();
                }
                if (!sink.is_writable())
                    return false;
                auto events = state_->events_after_position(cursor->after, kSseCheck);
                if (state_->shutting_down())
                    return false;
                for (const auto &e : events) {
                    std::string frame = e.type == "alert" ? sse_event_without_id(e.type, e.data)
                                                          : sse_event(e.id, e.type, e.data);
                    if (!sink.write(frame.data(), frame.size()))
                        return false;
                    cursor->after = e.position;
                    cursor->last_write = std::chrono::steady_clock::now();
                    if (e.type == "final") {
                        sink.done(); // nothing follows the final summary
                        return true;
                    }
                }
                // Now and then a comment, so a client that left is noticed
                // and proxies keep the stream open.
                if (std::chrono::steady_clock::now() - cursor->last_write > kSseHeartbeat) {
                    std::string beat = sse_comment("keep-alive");
                    if (!sink.write(beat.data(), beat.size()))
                        return false;
                    cursor->last_write = std::chrono::steady_clock::now();
                }
                return true;
            });
    });
    s.Get("/", [](const httplib::Request &, httplib::Response &res) {
        std::string_view page = embedded_web_page();
        if (page.empty())
            return text(res, 404,
                        "the web page was not built (npm was missing at build time); "
                        "the API is at /api/v1/ and /metrics");
        res.set_content(std::string(page), "text/html; charset=utf-8");
    });
}

} // namespace netmon::http
