#include "http/request_front.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>

#include "core/error.h"
#include "http/bounded_task_queue.h"

namespace netmon::http {

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kSweepMs = 100; // how late a deadline may be noticed
constexpr size_t kReadChunk = 4096;
constexpr size_t kDrainBytes = 65536;

const char *reason(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 408:
        return "Request Timeout";
    case 413:
        return "Payload Too Large";
    case 414:
        return "URI Too Long";
    case 431:
        return "Request Header Fields Too Large";
    case 503:
        return "Service Unavailable";
    }
    return "Error";
}

std::string peer_address(const sockaddr_storage &sa)
{
    char text[INET6_ADDRSTRLEN] = "";
    if (sa.ss_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in &>(sa).sin_addr, text, sizeof(text));
    else if (sa.ss_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6 &>(sa).sin6_addr, text,
                  sizeof(text));
    return text;
}

// Best effort: a reply of a few hundred bytes fits a fresh socket's send
// buffer; a client that does not take it loses it.
void send_now(int fd, const std::string &bytes)
{
    [[maybe_unused]] ssize_t n =
        ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

FrontReply error_reply(HeadStatus status)
{
    switch (status) {
    case HeadStatus::UriTooLong:
        return {414, "netmon-xdp: the request line is too long"};
    case HeadStatus::HeadersTooLarge:
        return {431, "netmon-xdp: the request headers are too large or too many"};
    default:
        return {400, "netmon-xdp: malformed request"};
    }
}

} // namespace

std::string format_front_reply(const FrontReply &reply)
{
    std::string body = reply.body + "\n";
    std::string out = "HTTP/1.1 " + std::to_string(reply.status) + " " + reason(reply.status) +
                      "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " +
                      std::to_string(body.size()) + "\r\nConnection: close\r\n";
    for (const auto &[name, value] : reply.headers)
        out.append(name).append(": ").append(value).append("\r\n");
    return out + "\r\n" + body;
}

RequestFront::RequestFront(Fd listener, FrontLimits limits, Admit admit, Serve serve)
    : listener_(std::move(listener)), limits_(limits), admit_(std::move(admit)),
      serve_(std::move(serve)), epoll_(epoll_create1(EPOLL_CLOEXEC)),
      wake_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)), counts_(limits.connections, limits.per_address)
{
    if (!epoll_ || !wake_)
        throw Error(errno_message("--http: cannot set up the server", -errno));
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = wake_.get();
    epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, wake_.get(), &ev);
    arm_listener(true);
    // Signals belong to the run's signalfd: these threads never take one.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &previous);
    // Each connection has at most one request queued: the queue never
    // makes the front wait.
    workers_ = std::make_unique<BoundedTaskQueue>(limits_.workers, limits_.connections);
    thread_ = std::thread([this] { run(); });
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

RequestFront::~RequestFront() { stop(); }

void RequestFront::stop()
{
    if (!thread_.joinable())
        return;
    stopping_ = true;
    uint64_t one = 1;
    [[maybe_unused]] ssize_t n = write(wake_.get(), &one, sizeof(one));
    thread_.join();
    workers_->shutdown();
    conns_.clear();
}

void RequestFront::arm_listener(bool on)
{
    if (on == listening_)
        return;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = listener_.get();
    epoll_ctl(epoll_.get(), on ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, listener_.get(), &ev);
    listening_ = on;
}

void RequestFront::run()
{
    std::array<epoll_event, 64> events{};
    while (!stopping_) {
        int n = epoll_wait(epoll_.get(), events.data(), static_cast<int>(events.size()), kSweepMs);
        for (int i = 0; i < n && !stopping_; i++) {
            int fd = events[static_cast<size_t>(i)].data.fd;
            if (fd == wake_.get()) {
                uint64_t count;
                [[maybe_unused]] ssize_t r = read(wake_.get(), &count, sizeof(count));
                take_back();
            } else if (fd == listener_.get()) {
                accept_all();
            } else if (auto it = conns_.find(fd); it != conns_.end()) {
                on_readable(*it->second);
            }
        }
        if (Clock::now() - last_sweep_ >= std::chrono::milliseconds(kSweepMs))
            sweep();
    }
}

void RequestFront::accept_all()
{
    while (!counts_.full()) {
        sockaddr_storage sa{};
        socklen_t len = sizeof(sa);
        int fd = accept4(listener_.get(), reinterpret_cast<sockaddr *>(&sa), &len,
                         SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                // Out of descriptors: leave the clients in the backlog a while.
                accept_paused_until_ = Clock::now() + std::chrono::milliseconds(100);
                arm_listener(false);
            }
            return;
        }
        Fd sock(fd);
        std::string peer = peer_address(sa);
        if (!counts_.admit(peer)) {
            send_now(fd, format_front_reply({503,
                                             "netmon-xdp: too many connections from " + peer,
                                             {{"Retry-After", "1"}}}));
            continue;
        }
        auto c =
            std::make_unique<Conn>(Conn{std::move(sock), std::move(peer), HeadReader(limits_.head),
                                        State::Reading, Clock::now() + limits_.head_timeout});
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLRDHUP;
        ev.data.fd = fd;
        epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &ev);
        conns_.emplace(fd, std::move(c));
    }
    arm_listener(false); // full: the rest wait in the kernel's backlog
}

void RequestFront::on_readable(Conn &c)
{
    std::array<char, kReadChunk> buf{};
    if (c.state == State::Draining) {
        // Discard what the client still sends, so closing does not reset
        // the connection before it read our reply; a client that keeps
        // sending past kDrainBytes is just closed.
        ssize_t n = recv(c.fd.get(), buf.data(), buf.size(), 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
            return close_conn(c.fd.get());
        if (n > 0 && (c.drained += static_cast<size_t>(n)) > kDrainBytes)
            return close_conn(c.fd.get());
        return;
    }
    if (c.state != State::Reading)
        return;
    while (c.reader.status() == HeadStatus::NeedMore) {
        size_t want = std::min(buf.size(), c.reader.room());
        ssize_t n = recv(c.fd.get(), buf.data(), want, 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
            return close_conn(c.fd.get()); // the client left
        if (n < 0)
            return; // more later
        c.reader.feed(std::string_view(buf.data(), static_cast<size_t>(n)));
    }
    advance(c);
}

void RequestFront::advance(Conn &c)
{
    switch (c.reader.status()) {
    case HeadStatus::NeedMore:
        return;
    case HeadStatus::Complete:
        break;
    default:
        return reply_and_drain(c, error_reply(c.reader.status()));
    }
    auto head = parse_request_head(c.reader.head());
    if (!head)
        return reply_and_drain(c, error_reply(HeadStatus::BadRequest));
    // Only GET and HEAD are served: a body is never read.
    if (head->has_body)
        return reply_and_drain(c, {413, "netmon-xdp: requests carry no body here"});
    if (auto refusal = admit_(*head))
        return reply_and_drain(c, *refusal);
    epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, c.fd.get(), nullptr);
    c.state = State::AtWorker;
    c.lent = FrontConnection{c.fd.get(), c.peer, c.reader.head(), c.served};
    workers_->enqueue([this, conn = &c] {
        bool keep = false;
        try {
            keep = serve_(conn->lent);
        } catch (...) { // a worker never dies; the connection just closes
        }
        {
            std::lock_guard lock(returned_mu_);
            returned_.emplace_back(conn->lent.fd, keep);
        }
        uint64_t one = 1;
        [[maybe_unused]] ssize_t n = write(wake_.get(), &one, sizeof(one));
    });
}

void RequestFront::take_back()
{
    std::vector<std::pair<int, bool>> back;
    {
        std::lock_guard lock(returned_mu_);
        back.swap(returned_);
    }
    for (auto [fd, keep] : back) {
        auto it = conns_.find(fd);
        if (it == conns_.end())
            continue;
        Conn &c = *it->second;
        if (!keep) {
            close_conn(fd);
            continue;
        }
        c.served++;
        c.state = State::Reading;
        c.deadline = Clock::now() + limits_.head_timeout;
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLRDHUP;
        ev.data.fd = fd;
        epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &ev);
        c.reader.next();
        advance(c); // a pipelined request may be complete already
    }
}

void RequestFront::reply_and_drain(Conn &c, const FrontReply &reply)
{
    send_now(c.fd.get(), format_front_reply(reply));
    shutdown(c.fd.get(), SHUT_WR);
    c.state = State::Draining;
    c.deadline = Clock::now() + limits_.linger;
}

void RequestFront::close_conn(int fd)
{
    auto it = conns_.find(fd);
    if (it == conns_.end())
        return;
    counts_.release(it->second->peer);
    conns_.erase(it); // closes; epoll forgets a closed descriptor
    if (!stopping_ && Clock::now() >= accept_paused_until_)
        arm_listener(true);
}

void RequestFront::sweep()
{
    const auto now = Clock::now();
    last_sweep_ = now;
    std::vector<int> expired;
    for (auto &[fd, c] : conns_)
        if (c->state != State::AtWorker && now >= c->deadline)
            expired.push_back(fd);
    for (int fd : expired) {
        Conn &c = *conns_.at(fd);
        if (c.state == State::Draining || c.reader.buffered() == 0)
            close_conn(fd); // an idle keep-alive connection just closes
        else
            reply_and_drain(c, {408, "netmon-xdp: the request head did not arrive in time"});
    }
    if (!listening_ && !counts_.full() && now >= accept_paused_until_)
        arm_listener(true);
}

} // namespace netmon::http
