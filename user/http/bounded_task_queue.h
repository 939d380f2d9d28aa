// The server's workers: a fixed number of threads and a bounded queue of
// requests. When the queue is full, enqueue() waits for room. RequestFront
// sizes it to its connection limit (one request per connection at most),
// so the front never waits.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>

namespace netmon::http {

class BoundedTaskQueue : public httplib::TaskQueue {
  public:
    BoundedTaskQueue(size_t threads, size_t capacity);
    ~BoundedTaskQueue() override;

    void enqueue(std::function<void()> fn) override;
    void shutdown() override;

  private:
    void work();

    const size_t capacity_;
    std::mutex mu_;
    std::condition_variable has_work_;
    std::condition_variable has_room_;
    std::deque<std::function<void()>> queue_;
    std::vector<std::thread> threads_;
    bool stopping_ = false;
};

} // namespace netmon::http
