// `--http-token-file`: the secret every request must carry as
// `Authorization: Bearer <token>`.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace netmon::http {

// docs/http.md "Token file". A token is one line; a file larger than this
// is not a token file.
inline constexpr size_t kMaxTokenFileBytes = 4096;
inline constexpr size_t kMinTokenLength = 16;

// The file's first line without surrounding whitespace. Throws
// netmon::Error (usage) when the file cannot be read, is not a regular
// file, is larger than kMaxTokenFileBytes, has any group or other
// permission bit, or its token is empty or shorter than kMinTokenLength.
std::string read_token_file(const std::string &path);

// Compares in time that depends on the lengths only, never on where the
// first difference is, so the token cannot be guessed byte by byte.
bool constant_time_equal(std::string_view a, std::string_view b);

// True when `authorization` (the header's value) is "Bearer <token>".
bool bearer_matches(std::string_view authorization, std::string_view token);

} // namespace netmon::http
