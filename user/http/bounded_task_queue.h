// The server's workers: a fixed number of threads and a bounded queue of
// accepted connections. When the queue is full, the accepting thread waits
// for room, so further clients wait in the kernel's listen backlog instead
// of piling up sockets and memory here (httplib's own pool queues without
// a bound).
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
