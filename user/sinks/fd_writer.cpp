#include "sinks/fd_writer.h"

#include <cstring>

#include "core/write_all.h"
#include "sinks/sink.h"

namespace netmon {

void FdWriter::write_all(std::string_view text) const
{
    if (const int err = netmon::write_all(fd_, text))
        throw SinkError(std::string("cannot write: ") + std::strerror(err), err);
}

} // namespace netmon
