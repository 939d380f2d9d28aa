#include "http/bearer_token.h"

#include <algorithm>
#include <sys/stat.h>

#include <cctype>
#include <cstdio>

#include "core/bounded_file.h"
#include "core/error.h"

namespace netmon::http {

namespace {

std::string_view trim(std::string_view s)
{
    const char *space = " \t\r\n\v\f";
    size_t b = s.find_first_not_of(space);
    if (b == std::string_view::npos)
        return {};
    size_t e = s.find_last_not_of(space);
    return s.substr(b, e - b + 1);
}

} // namespace

std::string read_token_file(const std::string &path)
{
    const BoundedFile file = read_bounded_file(path, kMaxTokenFileBytes, "--http-token-file");
    const std::string what = "--http-token-file '" + path + "'";
    if (file.mode & (S_IRWXG | S_IRWXO)) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%03o", static_cast<unsigned>(file.mode & 0777));
        throw Error(what + ": open to group or others (mode " + mode +
                        "); a secret must be its owner's alone: chmod 600 '" + path + "'",
                    kExitUsage);
    }
    const std::string_view content = file.content;
    std::string token(trim(content.substr(0, content.find('\n'))));
    if (token.empty())
        throw Error(what + " holds no token (its first line is empty); put a long random "
                           "string there, e.g. from `openssl rand -hex 32`",
                    kExitUsage);
    if (token.size() < kMinTokenLength)
        throw Error(what + ": the token has " + std::to_string(token.size()) +
                        " characters, fewer than " + std::to_string(kMinTokenLength) +
                        ", and could be guessed; e.g. `openssl rand -hex 32`",
                    kExitUsage);
    return token;
}

bool constant_time_equal(std::string_view a, std::string_view b)
{
    // Walk the longer one whole, so the time says nothing about the match.
    const size_t n = std::max(a.size(), b.size());
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff |= static_cast<unsigned char>(x ^ y);
    }
    return diff == 0;
}

bool bearer_matches(std::string_view authorization, std::string_view token)
{
    constexpr std::string_view scheme = "Bearer ";
    if (authorization.size() < scheme.size())
        return false;
    // The scheme is case-insensitive (RFC 7235); the token is not.
    for (size_t i = 0; i < scheme.size(); i++)
        if (std::tolower(static_cast<unsigned char>(authorization[i])) !=
            std::tolower(static_cast<unsigned char>(scheme[i])))
            return false;
    return constant_time_equal(trim(authorization.substr(scheme.size())), token);
}

} // namespace netmon::http
