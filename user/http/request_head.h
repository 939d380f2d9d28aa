// The request head (request line and header lines) as the front reads it:
// incrementally, with limits checked on every byte that arrives, so a
// client can never make us hold more than the limits allow.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace netmon::http {

struct HeadLimits {
    size_t request_line_bytes = 8192; // 414 beyond
    size_t head_bytes = 16384;        // request line and headers; 431 beyond
    size_t header_lines = 100;        // 431 beyond
};

enum class HeadStatus {
    NeedMore,
    Complete,
    BadRequest,      // 400: not a request line, or a header line without ':'
    UriTooLong,      // 414
    HeadersTooLarge, // 431
};

// Feeds bytes, checks limits as they come; holds at most
// limits.head_bytes plus one read's worth.
class HeadReader {
  public:
    explicit HeadReader(HeadLimits limits) : limits_(limits) {}

    HeadStatus feed(std::string_view bytes);
    HeadStatus status() const { return status_; }
    // Bytes held: 0 on a connection idle between requests.
    size_t buffered() const { return buf_.size(); }
    // How many more bytes feed() may take (a reader asks for no more).
    size_t room() const;
    // Complete: the head, from the request line to the empty line.
    std::string_view head() const;
    // Starts the next request (keep-alive) with the bytes that followed.
    void next();

  private:
    HeadStatus scan();

    HeadLimits limits_;
    std::string buf_;
    size_t start_ = 0;    // the request line's first byte (empty lines skipped)
    size_t scanned_ = 0;  // bytes looked at
    size_t line_ = 0;     // the current line's first byte
    size_t lines_ = 0;    // complete lines, the request line included
    size_t head_end_ = 0; // Complete: one past the empty line
    HeadStatus status_ = HeadStatus::NeedMore;
};

// What the front needs from a complete head; the rest is httplib's.
struct RequestHead {
    std::string method;
    std::string target;
    std::string version;
    std::optional<std::string> authorization; // the first one
    bool has_body = false;                    // Content-Length other than 0, or Transfer-Encoding
    bool close = false;                       // Connection: close
};

// nullopt: malformed (400).
std::optional<RequestHead> parse_request_head(std::string_view head);

} // namespace netmon::http
