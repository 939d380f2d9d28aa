// The httplib::Stream a worker serves one request through: reads come from
// the head the front already read and checked (then end: no request here
// has a body), writes go to the socket with a timeout.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <httplib.h>

namespace netmon::http {

class HeadFirstStream : public httplib::Stream {
  public:
    HeadFirstStream(int fd, std::string_view head, std::chrono::milliseconds write_timeout)
        : fd_(fd), head_(head), write_timeout_(write_timeout)
    {
    }

    bool is_readable() const override { return pos_ < head_.size(); }
    // False as soon as the client has closed its end: an event stream
    // then gives its slot back without waiting for a failed write.
    bool is_writable() const override;
    ssize_t read(char *ptr, size_t size) override;
    ssize_t write(const char *ptr, size_t size) override;
    void get_remote_ip_and_port(std::string &ip, int &port) const override;
    void get_local_ip_and_port(std::string &ip, int &port) const override;
    int socket() const override { return fd_; }

  private:
    int fd_;
    std::string_view head_;
    size_t pos_ = 0;
    std::chrono::milliseconds write_timeout_;
};

} // namespace netmon::http
