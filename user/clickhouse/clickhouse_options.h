// What --clickhouse, --clickhouse-user, --clickhouse-password-file,
// --clickhouse-buffer-rows and --host-name ask for (docs/clickhouse.md).
#pragma once

#include <cstddef>
#include <string>

namespace netmon::clickhouse {

struct ClickhouseOptions {
    std::string url;           // http://HOST[:PORT]/[?database=DB]; empty: no export
    std::string user;          // empty: the server's default user
    std::string password_file; // the password on its first line; empty: none
    // Rows kept while the server cannot take them (about 250 bytes each);
    // beyond it the oldest are given up and counted as lost.
    size_t buffer_rows = 200000;
    std::string host_name; // the rows' `host`; empty: the system's host name

    bool enabled() const { return !url.empty(); }
};

} // namespace netmon::clickhouse
