// The name rows carry in their `host` column: --host-name, or the system's.
#pragma once

#include <string>

namespace netmon::clickhouse {

// gethostname(); "localhost" if it fails.
std::string system_host_name();

// Throws netmon::Error (kExitUsage) unless `name` is 1 to 253 characters of
// letters, digits, '.', '-' and '_': a DNS-like name that needs no quoting
// in a query or a shell.
void check_host_name(const std::string &name);

} // namespace netmon::clickhouse
