#include "clickhouse/host_name.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "core/error.h"

namespace netmon::clickhouse {

std::string system_host_name()
{
    std::array<char, 256> buf{};
    if (gethostname(buf.data(), buf.size() - 1) != 0 || buf[0] == '\0')
        return "localhost";
    return buf.data();
}

void check_host_name(const std::string &name)
{
    const bool ok = !name.empty() && name.size() <= 253 &&
                    std::all_of(name.begin(), name.end(), [](unsigned char c) {
                        return std::isalnum(c) != 0 || c == '.' || c == '-' || c == '_';
                    });
    if (!ok)
        throw Error("--host-name '" + name +
                        "': use 1 to 253 letters, digits, '.', '-' or '_' (a host name)",
                    kExitUsage);
}

} // namespace netmon::clickhouse
