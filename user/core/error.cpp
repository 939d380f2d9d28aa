#include "core/error.h"

#include <bpf/libbpf.h>
#include <cstdlib>

namespace netmon {

std::string errno_message(const std::string &what, int err)
{
    char buf[256];
    libbpf_strerror(std::abs(err), buf, sizeof(buf));
    return what + ": " + buf;
}

} // namespace netmon
