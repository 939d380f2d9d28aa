#include "http/connection_limits.h"

namespace netmon::http {

bool ConnectionLimits::admit(const std::string &address)
{
    if (full())
        return false;
    size_t &n = by_address_[address];
    if (n >= per_address_) {
        if (n == 0)
            by_address_.erase(address);
        return false;
    }
    n++;
    held_++;
    return true;
}

void ConnectionLimits::release(const std::string &address)
{
    auto it = by_address_.find(address);
    if (it == by_address_.end())
        return;
    held_--;
    // Forget the address with its last connection: the map holds no more
    // entries than connections.
    if (--it->second == 0)
        by_address_.erase(it);
}

size_t ConnectionLimits::held_by(const std::string &address) const
{
    auto it = by_address_.find(address);
    return it == by_address_.end() ? 0 : it->second;
}

} // namespace netmon::http
