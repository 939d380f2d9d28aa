// Resolving and checking the interfaces the user names.
#pragma once

#include <string>

namespace netmon {

struct Interface {
    std::string name;
    int ifindex = 0;
};

// Throws netmon::Error(kExitUsage) for an unknown interface or one that is
// down, saying how to see or fix it.
Interface resolve_interface(const std::string &name);

// True while an interface with this index still exists.
bool interface_exists(int ifindex);

} // namespace netmon
