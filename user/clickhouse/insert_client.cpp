#include "clickhouse/insert_client.h"

#include <httplib.h>

namespace netmon::clickhouse {

namespace {

// ClickHouse's error text is long ("Code: 60, e.displayText() = ..."): its
// first line is enough to say what went wrong.
// httplib's error names, as a sentence.
std::string transport_error(httplib::Error error)
{
    switch (error) {
    case httplib::Error::Connection:
        return "cannot connect";
    case httplib::Error::ConnectionTimeout:
        return "connection timed out";
    case httplib::Error::Read:
        return "no answer (read failed or timed out)";
    case httplib::Error::Write:
        return "sending failed";
    default:
        return "HTTP client error " + httplib::to_string(error);
    }
}

std::string first_line(const std::string &text, size_t max_chars = 300)
{
    std::string line = text.substr(0, text.find('\n'));
    if (line.size() > max_chars)
        line = line.substr(0, max_chars) + "...";
    return line;
}

void set_timeout(httplib::Client &client, std::chrono::milliseconds timeout)
{
    const auto ms = std::max<int64_t>(timeout.count(), 1);
    const time_t sec = ms / 1000;
    const time_t usec = (ms % 1000) * 1000;
    // Connecting to a live server on a LAN takes milliseconds: a second
    // means it is not there.
    client.set_connection_timeout(std::min<time_t>(sec, 1), sec >= 1 ? 0 : usec);
    client.set_read_timeout(sec, usec);
    client.set_write_timeout(sec, usec);
}

} // namespace

InsertClient::InsertClient(ServerUrl url, const std::string &user, const std::string &password)
    : url_(std::move(url)), client_(std::make_unique<httplib::Client>(url_.host, url_.port))
{
    if (!user.empty())
        client_->set_basic_auth(user, password);
    client_->set_keep_alive(true);
}

InsertClient::~InsertClient() = default;

std::string InsertClient::insert(const Batch &batch, std::chrono::milliseconds timeout)
{
    set_timeout(*client_, timeout);
    const httplib::Result res = client_->Post(insert_target(url_, table_name(batch.table)),
                                              batch.body, "application/x-ndjson");
    if (!res)
        return transport_error(res.error());
    if (res->status != 200)
        return "HTTP " + std::to_string(res->status) + ": " + first_line(res->body);
    return "";
}

} // namespace netmon::clickhouse
