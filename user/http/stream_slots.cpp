#include "http/stream_slots.h"

namespace netmon::http {

std::shared_ptr<void> StreamSlots::try_take()
{
    {
        std::lock_guard lock(mu_);
        if (open_ >= limit_)
            return nullptr;
        open_++;
    }
    // No object is copied or destroyed on the way: the deleter runs once,
    // when the last shared_ptr to this slot goes.
    return std::shared_ptr<void>(this, [](StreamSlots *slots) {
        std::lock_guard lock(slots->mu_);
        slots->open_--;
    });
}

size_t StreamSlots::open() const
{
    std::lock_guard lock(mu_);
    return open_;
}

} // namespace netmon::http
