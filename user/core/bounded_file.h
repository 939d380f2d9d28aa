// Reading a file named on the command line without trusting it: only a
// regular file, and only up to a size cap. /dev/zero, /dev/urandom or a
// FIFO would otherwise be read until memory runs out, or block forever.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string>

namespace netmon {

struct BoundedFile {
    std::string content;
    mode_t mode = 0; // st_mode, for callers that check permissions
};

// The whole file. Throws netmon::Error (kExitUsage) with one line that
// starts with `option` and the path when the file cannot be opened, is not
// a regular file (said what it is instead: a FIFO, a character device...)
// or holds more than `max_bytes`. Opening never blocks, not even on a FIFO.
BoundedFile read_bounded_file(const std::string &path, size_t max_bytes, const std::string &option);

// "1 MiB", "4 KiB", "1500 bytes": a cap as the messages and docs say it.
std::string size_text(size_t bytes);

} // namespace netmon
