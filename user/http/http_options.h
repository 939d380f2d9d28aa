// What `--http` and `--http-token-file` asked for (attach and replay).
#pragma once

#include <string>

namespace netmon::http {

struct HttpOptions {
    std::string listen;     // "[ADDR:]PORT"; empty: no HTTP server
    std::string token_file; // empty: no authentication (loopback only)
    // For netmon_build_info; main.cpp knows them.
    std::string version;
    std::string revision;

    bool enabled() const { return !listen.empty(); }
};

} // namespace netmon::http
