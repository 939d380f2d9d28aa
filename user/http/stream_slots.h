// At most N event streams at once. A stream holds a Slot for its whole
// life; the slot is given back exactly once, when the last copy goes.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>

namespace netmon::http {

class StreamSlots {
  public:
    explicit StreamSlots(size_t limit) : limit_(limit) {}

    // nullptr when `limit` streams are open.
    std::shared_ptr<void> try_take();
    size_t open() const;
    size_t limit() const { return limit_; }

  private:
    const size_t limit_;
    mutable std::mutex mu_;
    size_t open_ = 0;
};

} // namespace netmon::http
