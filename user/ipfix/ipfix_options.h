// What --ipfix, --ipfix-domain and --ipfix-active-timeout ask for.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace netmon::ipfix {

struct IpfixOptions {
    std::vector<std::string> collectors; // as given to --ipfix; empty: no export
    uint32_t domain = 0;                 // observation domain id
    double active_timeout_s = 60;        // a long flow is reported at least this often
};

} // namespace netmon::ipfix
