// The front of the HTTP server: one thread accepts connections and reads
// each request head on non-blocking sockets, with limits on its size and
// a deadline for its arrival, and answers errors and refusals itself. Only
// a complete, admitted request reaches a worker. A slow or hostile client
// therefore holds one socket and at most HeadLimits::head_bytes, never a
// worker; httplib (which reads headers without a count limit and times out
// each read, not a whole request) only ever sees heads checked here.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/fd.h"
#include "http/connection_limits.h"
#include "http/request_head.h"

namespace netmon::http {

class BoundedTaskQueue;

struct FrontLimits {
    HeadLimits head;
    std::chrono::milliseconds head_timeout{10000}; // the whole head, from accept or the last reply
    size_t connections = 256;                      // in total; more wait in the listen backlog
    size_t per_address = 32;                       // from one client address; more get 503
    size_t workers = 16;                           // requests served at once
    std::chrono::milliseconds linger{1000};        // draining input after an error reply
};

// A reply the front sends itself; the connection closes after it.
struct FrontReply {
    int status = 0;
    std::string body; // one line, without "\n"
    std::vector<std::pair<std::string, std::string>> headers;
};

// A connection with a complete head, lent to a worker.
struct FrontConnection {
    int fd = -1;
    std::string peer;      // the client's address
    std::string_view head; // valid while the worker holds it
    size_t served = 0;     // requests before this one
};

class RequestFront {
  public:
    // Decides on a parsed head: a reply to send, or nullopt to serve it.
    using Admit = std::function<std::optional<FrontReply>(const RequestHead &)>;
    // Serves one request on a worker; true to keep the connection open.
    using Serve = std::function<bool(FrontConnection &)>;

    // Takes a bound, listening, non-blocking socket. Starts the front's
    // thread and the workers with every signal blocked.
    RequestFront(Fd listener, FrontLimits limits, Admit admit, Serve serve);
    ~RequestFront(); // stop()
    RequestFront(const RequestFront &) = delete;
    RequestFront &operator=(const RequestFront &) = delete;

    // Stops accepting and reading, waits for the workers' current
    // requests, closes every connection.
    void stop();

  private:
    enum class State { Reading, AtWorker, Draining };
    struct Conn {
        Fd fd;
        std::string peer;
        HeadReader reader;
        State state = State::Reading;
        std::chrono::steady_clock::time_point deadline;
        size_t served = 0;
        size_t drained = 0; // bytes discarded after an error reply
        FrontConnection lent;
    };

    void run();
    void accept_all();
    void on_readable(Conn &c);
    void advance(Conn &c);
    void reply_and_drain(Conn &c, const FrontReply &reply);
    void close_conn(int fd);
    void take_back();
    void sweep();
    void arm_listener(bool on);

    Fd listener_;
    const FrontLimits limits_;
    const Admit admit_;
    const Serve serve_;
    Fd epoll_;
    Fd wake_; // eventfd: stop, or a worker gave a connection back
    ConnectionLimits counts_;
    std::unordered_map<int, std::unique_ptr<Conn>> conns_;
    bool listening_ = false;
    std::chrono::steady_clock::time_point accept_paused_until_{};
    std::chrono::steady_clock::time_point last_sweep_{};

    std::mutex returned_mu_;
    std::vector<std::pair<int, bool>> returned_; // fd, keep open
    std::atomic<bool> stopping_{false};
    std::unique_ptr<BoundedTaskQueue> workers_;
    std::thread thread_;
};

// A reply as bytes on the wire: status line, headers, Connection: close.
std::string format_front_reply(const FrontReply &reply);

} // namespace netmon::http
