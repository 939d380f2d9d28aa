#include "sinks/command_output.h"

#include "core/write_all.h"

namespace netmon {

void CommandOutput::add(std::string_view bytes)
{
    while (!bytes.empty()) {
        const size_t newline = bytes.find('\n');
        const size_t room = kMaxLine - partial_.size();
        if (newline != std::string_view::npos && newline <= room) {
            partial_.append(bytes.substr(0, newline));
            bytes.remove_prefix(newline + 1);
            write_line(partial_);
            partial_.clear();
            continue;
        }
        const size_t take = std::min(room, bytes.size());
        partial_.append(bytes.substr(0, take));
        bytes.remove_prefix(take);
        if (partial_.size() == kMaxLine) {
            write_line(partial_);
            partial_.clear();
        }
    }
}

void CommandOutput::flush()
{
    if (!partial_.empty())
        write_line(partial_);
    partial_.clear();
}

void CommandOutput::write_line(std::string_view line) const
{
    // One write per line, so lines of other writers to stderr stay whole.
    std::string text = prefix_;
    text.append(line);
    text.push_back('\n');
    // A failed line is lost; its owner may say so once (OnAlertSink).
    if (const int err = write_all(fd_, text); err != 0 && write_error_ == 0)
        write_error_ = err;
}

} // namespace netmon
