// User input quoted back in an error message: kept to one line and to a
// length a terminal shows, whatever was given (a 21 MB filter is not
// printed in full).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace netmon {

// Inputs longer than this are cut in messages (docs/filter.md, docs/alerts.md).
inline constexpr size_t kExcerptBytes = 200;

// `text` with line breaks and tabs as spaces, other control bytes as '?'; past kExcerptBytes (or
// `max_bytes`), its first bytes (never half a UTF-8 character), "..." and
// the total size: "tcp and (((... (21000000 bytes)".
std::string excerpt(std::string_view text, size_t max_bytes = kExcerptBytes);

} // namespace netmon
