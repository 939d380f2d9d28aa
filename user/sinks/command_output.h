// What an --on-alert command prints, passed on line by line to
// netmon-xdp's stderr (each line prefixed) or to a log file: never to
// stdout, where the JSON stream is. Lines longer than kMaxLine are cut
// into pieces of that length, so a command that prints without newlines
// cannot make us hold an unbounded line.
#pragma once

#include <string>
#include <string_view>

namespace netmon {

class CommandOutput {
  public:
    static constexpr size_t kMaxLine = 4096;

    // Writes to `fd` (not owned); every line starts with `prefix`.
    CommandOutput(int fd, std::string prefix) : fd_(fd), prefix_(std::move(prefix)) {}

    // Bytes as they arrive: complete lines are written at once.
    void add(std::string_view bytes);
    // The command ended: writes a last line without its newline.
    void flush();
    // errno of the first write that failed (a full disk, a closed file); 0.
    int write_error() const { return write_error_; }

  private:
    void write_line(std::string_view line) const;

    int fd_;
    std::string prefix_;
    std::string partial_;
    mutable int write_error_ = 0;
};

} // namespace netmon
