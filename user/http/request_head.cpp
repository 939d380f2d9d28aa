#include "http/request_head.h"

#include <algorithm>
#include <cctype>

namespace netmon::http {

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

bool is_token(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) ||
               std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    });
}

} // namespace

size_t HeadReader::room() const
{
    if (status_ != HeadStatus::NeedMore)
        return 0;
    // One byte past the limit is enough to know it is exceeded. Blank
    // lines before the request count too, so they cannot grow the buffer.
    return buf_.size() > limits_.head_bytes ? 0 : limits_.head_bytes + 1 - buf_.size();
}

HeadStatus HeadReader::feed(std::string_view bytes)
{
    if (status_ != HeadStatus::NeedMore)
        return status_;
    buf_.append(bytes); // the caller reads at most room()
    status_ = scan();
    return status_;
}

HeadStatus HeadReader::scan()
{
    for (; scanned_ < buf_.size(); scanned_++) {
        if (buf_[scanned_] != '\n')
            continue;
        std::string_view line(buf_.data() + line_, scanned_ - line_);
        const bool empty = line.empty() || line == "\r";
        line_ = scanned_ + 1;
        if (empty && lines_ == 0) { // blank lines before a request (RFC 9112 2.2)
            start_ = line_;
            continue;
        }
        if (empty) {
            head_end_ = line_;
            scanned_ = line_;
            return HeadStatus::Complete;
        }
        if (lines_ == 0 && line.size() > limits_.request_line_bytes)
            return HeadStatus::UriTooLong;
        if (++lines_ > limits_.header_lines + 1)
            return HeadStatus::HeadersTooLarge;
    }
    if (lines_ == 0 && buf_.size() - line_ > limits_.request_line_bytes)
        return HeadStatus::UriTooLong;
    if (buf_.size() > limits_.head_bytes)
        return HeadStatus::HeadersTooLarge;
    return HeadStatus::NeedMore;
}

std::string_view HeadReader::head() const
{
    if (status_ != HeadStatus::Complete)
        return {};
    return std::string_view(buf_).substr(start_, head_end_ - start_);
}

void HeadReader::next()
{
    buf_.erase(0, status_ == HeadStatus::Complete ? head_end_ : buf_.size());
    start_ = scanned_ = line_ = lines_ = head_end_ = 0;
    status_ = HeadStatus::NeedMore;
    status_ = scan(); // a pipelined request may be here whole
}

std::optional<RequestHead> parse_request_head(std::string_view head)
{
    RequestHead out;
    size_t eol = head.find('\n');
    std::string_view line = trim(head.substr(0, eol));
    size_t sp1 = line.find(' ');
    size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos)
        return std::nullopt;
    out.method = line.substr(0, sp1);
    out.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    out.version = line.substr(sp2 + 1);
    if (!is_token(out.method) || out.target.empty() ||
        (out.version != "HTTP/1.1" && out.version != "HTTP/1.0"))
        return std::nullopt;
    out.close = out.version == "HTTP/1.0";
    while (eol != std::string_view::npos && eol + 1 < head.size()) {
        size_t start = eol + 1;
        eol = head.find('\n', start);
        std::string_view raw =
            head.substr(start, eol == std::string_view::npos ? eol : eol - start);
        if (trim(raw).empty())
            break; // the end of the head
        if (raw.front() == ' ' || raw.front() == '\t')
            return std::nullopt; // obsolete line folding (RFC 9112 5.2)
        size_t colon = raw.find(':');
        if (colon == std::string_view::npos || !is_token(raw.substr(0, colon)))
            return std::nullopt;
        std::string_view name = raw.substr(0, colon);
        std::string_view value = trim(raw.substr(colon + 1));
        if (iequals(name, "Authorization") && !out.authorization)
            out.authorization = std::string(value);
        else if ((iequals(name, "Content-Length") && value != "0") ||
                 iequals(name, "Transfer-Encoding"))
            out.has_body = true;
        else if (iequals(name, "Connection"))
            out.close = iequals(value, "close") ||
                        (out.version == "HTTP/1.0" && !iequals(value, "keep-alive"));
    }
    return out;
}

} // namespace netmon::http
