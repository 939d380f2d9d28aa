// How wide the plain text may be on a file descriptor: 80 columns, more
// only when it is a terminal that is wider (a pipe or a log gets 80).
#pragma once

#include <cstddef>

namespace netmon {

size_t text_width_for(int fd);

} // namespace netmon
