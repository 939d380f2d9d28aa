#include "sinks/fd_writer.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sinks/sink.h"

namespace netmon {

void FdWriter::write_all(std::string_view text) const
{
    while (!text.empty()) {
        ssize_t n = ::write(fd_, text.data(), text.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const int err = n < 0 ? errno : EIO;
            throw SinkError(std::string("cannot write: ") + std::strerror(err), err);
        }
        text.remove_prefix(static_cast<size_t>(n));
    }
}

} // namespace netmon
