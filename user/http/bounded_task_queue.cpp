#include "http/bounded_task_queue.h"

namespace netmon::http {

BoundedTaskQueue::BoundedTaskQueue(size_t threads, size_t capacity) : capacity_(capacity)
{
    // Created with every signal blocked (RequestFront): the workers
    // inherit that, so SIGINT reaches the run's signalfd.
    for (size_t i = 0; i < threads; i++)
        threads_.emplace_back([this] { work(); });
}

BoundedTaskQueue::~BoundedTaskQueue() { shutdown(); }

void BoundedTaskQueue::enqueue(std::function<void()> fn)
{
    std::unique_lock lock(mu_);
    has_room_.wait(lock, [&] { return queue_.size() < capacity_ || stopping_; });
    // Past shutdown, still run it: the task owns the socket and closes it.
    queue_.push_back(std::move(fn));
    has_work_.notify_one();
}

void BoundedTaskQueue::shutdown()
{
    {
        std::lock_guard lock(mu_);
        if (stopping_ && threads_.empty())
            return;
        stopping_ = true;
    }
    has_work_.notify_all();
    has_room_.notify_all();
    for (auto &t : threads_)
        t.join();
    threads_.clear();
}

void BoundedTaskQueue::work()
{
    for (;;) {
        std::function<void()> fn;
        {
            std::unique_lock lock(mu_);
            has_work_.wait(lock, [&] { return !queue_.empty() || stopping_; });
            if (queue_.empty())
                return; // stopping, and nothing left to close
            fn = std::move(queue_.front());
            queue_.pop_front();
            has_room_.notify_one();
        }
        fn();
    }
}

} // namespace netmon::http
