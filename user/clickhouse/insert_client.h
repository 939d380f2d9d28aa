// One HTTP connection to a ClickHouse server that takes INSERT batches
// (cpp-httplib's client). Blocking, with short timeouts: it runs on the
// ClickHouse sink's own thread, never the counting one.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "clickhouse/row_queue.h"
#include "clickhouse/server_url.h"

namespace httplib {
class Client;
}

namespace netmon::clickhouse {

class InsertClient {
  public:
    // An empty user sends no credentials (the server's default user).
    InsertClient(ServerUrl url, const std::string &user, const std::string &password);
    ~InsertClient();
    InsertClient(const InsertClient &) = delete;
    InsertClient &operator=(const InsertClient &) = delete;

    // Sends one batch, waiting at most about `timeout` for the answer.
    // Empty on success (HTTP 200), otherwise why not, in one line:
    // "Connection refused", "HTTP 404: Code: 60, ... Table netmon.flows doesn't exist".
    std::string insert(const Batch &batch, std::chrono::milliseconds timeout);

  private:
    ServerUrl url_;
    std::unique_ptr<httplib::Client> client_;
};

} // namespace netmon::clickhouse
