// Server-Sent Events framing (the WHATWG EventSource stream format): one
// event is `id:`, `event:` and one `data:` line per line of the payload,
// closed by an empty line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace netmon::http {

inline constexpr const char *kSseContentType = "text/event-stream";

// One event. A payload with newlines becomes several data lines, which
// the client joins back with "\n".
std::string sse_event(uint64_t id, std::string_view event, std::string_view data);
// The same without an `id:` line: the client's last event id stays the
// interval it saw last.
std::string sse_event_without_id(std::string_view event, std::string_view data);
// How long a client waits before it reconnects.
std::string sse_retry(unsigned milliseconds);
// A comment line: keeps idle proxies from closing the stream.
std::string sse_comment(std::string_view text);

// The Last-Event-ID a reconnecting client sends: the id it saw last.
// nullopt when the header is absent or empty, or not an id we issue (not
// all digits, 0, beyond 64 bits): such a client is served as a new one,
// from the latest interval, never the whole ring.
std::optional<uint64_t> parse_last_event_id(std::string_view header);

} // namespace netmon::http
