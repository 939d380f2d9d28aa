// --filter-file: the filter expression from a text file.
#pragma once

#include <cstddef>
#include <string>

namespace netmon::cli {

// A filter past this is no filter libpcap could optimise in any time
// (700 `host` terms, ~15 KB, take it ~30 s); docs/filter.md.
inline constexpr size_t kMaxFilterFileBytes = 1 << 20;

// The file's text without its trailing newlines (editors add one; a
// filter spanning lines is fine for pcap, a trailing "\n" in messages and
// JSON is not). Throws netmon::Error (usage) when it cannot be read, is not
// a regular file, holds more than kMaxFilterFileBytes or is not text; a
// binary file is named, never echoed.
std::string read_filter_file(const std::string &path);

} // namespace netmon::cli
