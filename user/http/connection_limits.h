// How many connections the server holds: in total, and from one client
// address, so one client cannot take every slot.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>

namespace netmon::http {

class ConnectionLimits {
  public:
    ConnectionLimits(size_t total, size_t per_address) : total_(total), per_address_(per_address) {}

    // False when the address holds its share already. Call only while
    // !full(): the total is the caller's to wait for (it stops accepting).
    bool admit(const std::string &address);
    void release(const std::string &address);
    bool full() const { return held_ >= total_; }
    size_t held() const { return held_; }
    size_t held_by(const std::string &address) const;

  private:
    const size_t total_;
    const size_t per_address_;
    size_t held_ = 0;
    std::unordered_map<std::string, size_t> by_address_;
};

} // namespace netmon::http
