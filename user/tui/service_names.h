// Port numbers to service names from /etc/services ("443/tcp" -> "https"),
// read once into a table: getservbyport() is neither thread-safe nor cheap.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace netmon::tui {

class ServiceNames {
  public:
    // An unreadable file gives an empty table: names are a convenience.
    static ServiceNames load(const std::string &path = "/etc/services");
    // The name, or empty. `proto` is the IP protocol number (6, 17, 132).
    std::string name(uint8_t proto, uint16_t port) const;
    size_t size() const { return names_.size(); }

  private:
    std::map<std::pair<uint8_t, uint16_t>, std::string> names_;
};

} // namespace netmon::tui
