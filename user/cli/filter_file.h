// --filter-file: the filter expression from a text file.
#pragma once

#include <string>

namespace netmon::cli {

// The file's text without its trailing newlines (editors add one; a
// filter spanning lines is fine for pcap, a trailing "\n" in messages and
// JSON is not). Throws netmon::Error (usage) when it cannot be read or is
// not text; a binary file is named, never echoed.
std::string read_filter_file(const std::string &path);

} // namespace netmon::cli
