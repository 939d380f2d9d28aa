#include "http/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <httplib.h>

#include "core/error.h"
#include "core/fd.h"
#include "http/bearer_token.h"
#include "http/bounded_task_queue.h"
#include "http/prometheus_text.h"
#include "http/sse.h"
#include "http/web_page.h"

namespace netmon::http {

namespace {

constexpr const char *kJson = "application/json";
constexpr const char *kText = "text/plain; charset=utf-8";
constexpr unsigned kSseRetryMs = 2000;
constexpr auto kSseHeartbeat = std::chrono::seconds(10);

// httplib only says whether bind failed; a bind of our own first gives
// the user the reason (port in use, address not on this host).
void check_bindable(const ListenAddress &a)
{
    Fd fd(socket(a.ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
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
    if (rc == 0)
        return;
    const int err = errno;
    std::string hint = err == EADDRINUSE ? " (another program listens there; pick another port)"
                       : err == EADDRNOTAVAIL ? " (no interface of this host has that address)"
                       : err == EACCES        ? " (ports below 1024 need privileges)"
                                              : "";
    throw Error("--http: cannot listen on " + a.to_string() + ": " + std::strerror(err) + hint,
                kExitUsage);
}

// httplib's server with the listening socket in reach: Debian builds the
// library with a listen backlog of 5, too few for a burst of clients.
class Server : public httplib::Server {
  public:
    int listening_fd() const { return svr_sock_; }
};

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

// Counts an open SSE stream while it lives.
struct StreamSlot {
    std::atomic<size_t> &n;
    ~StreamSlot() { n--; }
};

} // namespace

HttpServer::HttpServer(const ListenAddress &address, std::string token,
                       std::shared_ptr<HttpState> state, ServerLimits limits)
    : address_(address), token_(std::move(token)), state_(std::move(state)), limits_(limits),
      server_(std::make_unique<Server>())
{
    check_bindable(address_);
    auto &s = *server_;
    s.new_task_queue = [l = limits_] { return new BoundedTaskQueue(l.workers, l.queued); };
    s.set_read_timeout(limits_.read_timeout_s, 0);
    s.set_write_timeout(limits_.write_timeout_s, 0);
    s.set_keep_alive_timeout(limits_.keep_alive_timeout_s);
    s.set_keep_alive_max_count(limits_.keep_alive_requests);
    s.set_payload_max_length(limits_.payload_bytes);
    s.set_address_family(address_.ipv6 ? AF_INET6 : AF_INET);
    // SO_REUSEADDR (a restart binds despite TIME_WAIT connections), and
    // not httplib's default SO_REUSEPORT, which would let a second
    // netmon-xdp share the port and split the requests.
    s.set_socket_options([](int sock) {
        int one = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    });
    routes();
    if (!s.bind_to_port(address_.host, address_.port))
        throw Error("--http: cannot listen on " + address_.to_string(), kExitUsage);
    // Connections beyond the workers and the queue wait here, in the kernel.
    ::listen(static_cast<Server &>(s).listening_fd(), static_cast<int>(limits_.backlog));
    listener_ = std::thread([this] {
        // Signals belong to the run's signalfd; the workers started from
        // here inherit this mask.
        sigset_t all;
        sigfillset(&all);
        pthread_sigmask(SIG_BLOCK, &all, nullptr);
        server_->listen_after_bind();
    });
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::stop()
{
    if (!listener_.joinable())
        return;
    state_->shut_down(); // streams return, so their workers are free
    server_->stop();
    listener_.join();
}

void HttpServer::routes()
{
    auto &s = *server_;
    s.set_pre_routing_handler([this](const httplib::Request &req, httplib::Response &res) {
        if (token_.empty() || bearer_matches(req.get_header_value("Authorization"), token_))
            return httplib::Server::HandlerResponse::Unhandled;
        // The web page itself holds no data, and a browser cannot add a
        // header when it opens a URL: GET / is served so the page can ask for
        // the token and send it with every API request (docs/web.md).
        if ((req.method == "GET" || req.method == "HEAD") && req.path == "/")
            return httplib::Server::HandlerResponse::Unhandled;
        res.set_header("WWW-Authenticate", "Bearer realm=\"netmon-xdp\"");
        text(res, 401,
             "netmon-xdp: this server needs 'Authorization: Bearer <token>' "
             "(the token in --http-token-file)");
        return httplib::Server::HandlerResponse::Handled;
    });
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
        res.set_content(std::move(body), kPrometheusContentType);
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
        if (++streams_ > limits_.streams) {
            streams_--;
            return text(res, 503,
                        "too many event streams open (at most " + std::to_string(limits_.streams) +
                            ")");
        }
        auto slot = std::make_shared<StreamSlot>(StreamSlot{streams_});
        // A reconnecting client resumes after the id it saw; a new one
        // starts with the latest interval.
        std::optional<uint64_t> last_seen;
        if (req.has_header("Last-Event-ID"))
            last_seen = parse_last_event_id(req.get_header_value("Last-Event-ID"));
        uint64_t after = state_->start_position(last_seen);
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
                auto events = state_->events_after_position(cursor->after, std::chrono::seconds(1));
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
