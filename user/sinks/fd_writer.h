// Writes whole strings to a file descriptor and says when it cannot:
// stdout may be a full disk, a closed pipe or a terminal that went away,
// and a monitor that loses its output silently is worse than none.
#pragma once

#include <string>
#include <string_view>

namespace netmon {

class FdWriter {
  public:
    // `what` names the output in errors: "JSON output".
    FdWriter(int fd, std::string what) : fd_(fd), what_(std::move(what)) {}

    // Writes all of `text`; throws SinkError (with errno) on failure.
    void write_all(std::string_view text) const;
    int fd() const { return fd_; }

  private:
    int fd_;
    std::string what_;
};

} // namespace netmon
