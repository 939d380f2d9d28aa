// Writes a whole buffer to a file descriptor: after EINTR and short writes
// it goes on; a failure keeps its errno, for the one line that says why.
#pragma once

#include <string_view>

namespace netmon {

// 0 once all of `bytes` is written to `fd`; else the errno of the write
// that failed (EIO if one wrote nothing).
int write_all(int fd, std::string_view bytes);

} // namespace netmon
