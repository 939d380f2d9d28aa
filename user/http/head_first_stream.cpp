#include "http/head_first_stream.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace netmon::http {

namespace {

// POLLOUT within the timeout, and the client has not closed its end.
bool wait_writable(int fd, std::chrono::milliseconds timeout)
{
    pollfd p{fd, POLLOUT | POLLRDHUP, 0};
    int n;
    do
        n = poll(&p, 1, static_cast<int>(timeout.count()));
    while (n < 0 && errno == EINTR);
    return n > 0 && !(p.revents & (POLLRDHUP | POLLHUP | POLLERR)) && (p.revents & POLLOUT);
}

void address_of(const sockaddr_storage &sa, std::string &ip, int &port)
{
    char text[INET6_ADDRSTRLEN] = "";
    if (sa.ss_family == AF_INET) {
        const auto &in = reinterpret_cast<const sockaddr_in &>(sa);
        inet_ntop(AF_INET, &in.sin_addr, text, sizeof(text));
        port = ntohs(in.sin_port);
    } else if (sa.ss_family == AF_INET6) {
        const auto &in6 = reinterpret_cast<const sockaddr_in6 &>(sa);
        inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof(text));
        port = ntohs(in6.sin6_port);
    }
    ip = text;
}

} // namespace

bool HeadFirstStream::is_writable() const { return wait_writable(fd_, write_timeout_); }

ssize_t HeadFirstStream::read(char *ptr, size_t size)
{
    size_t n = std::min(size, head_.size() - pos_);
    std::memcpy(ptr, head_.data() + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
}

ssize_t HeadFirstStream::write(const char *ptr, size_t size)
{
    for (;;) {
        ssize_t n = ::send(fd_, ptr, size, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n >= 0)
            return n;
        if (errno == EINTR)
            continue;
        // A client that takes nothing for the write timeout is dropped.
        if (errno != EAGAIN || !wait_writable(fd_, write_timeout_))
            return -1;
    }
}

void HeadFirstStream::get_remote_ip_and_port(std::string &ip, int &port) const
{
    sockaddr_storage sa{};
    socklen_t len = sizeof(sa);
    if (getpeername(fd_, reinterpret_cast<sockaddr *>(&sa), &len) == 0)
        address_of(sa, ip, port);
}

void HeadFirstStream::get_local_ip_and_port(std::string &ip, int &port) const
{
    sockaddr_storage sa{};
    socklen_t len = sizeof(sa);
    if (getsockname(fd_, reinterpret_cast<sockaddr *>(&sa), &len) == 0)
        address_of(sa, ip, port);
}

} // namespace netmon::http
