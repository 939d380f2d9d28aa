// The --clickhouse URL taken apart for the HTTP client. Only plain http://:
// ClickHouse's HTTP interface, with the query string (database=..., any
// setting) passed on with every INSERT.
#pragma once

#include <cstdint>
#include <string>

namespace netmon::clickhouse {

struct ServerUrl {
    std::string host; // "127.0.0.1", "ch1.example", "::1" (no brackets)
    uint16_t port = 8123;
    std::string path;  // "/" when the URL has none
    std::string query; // without '?'; may be empty
};

// Throws netmon::Error (kExitUsage) with one line naming what is wrong.
ServerUrl parse_server_url(const std::string &text);

// Path and query of an INSERT of `table` in JSONEachRow, the URL's own
// query parameters kept: "/?database=netmon&query=INSERT%20INTO%20flows...".
std::string insert_target(const ServerUrl &url, const std::string &table);

} // namespace netmon::clickhouse
