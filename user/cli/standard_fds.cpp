#include "cli/standard_fds.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace netmon::cli {

void hold_closed_standard_fds()
{
    for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        // open() returns the lowest free fd: this one, since those below are open.
        int held = open("/dev/null", O_RDONLY);
        if (held >= 0 && held != fd) {
            dup2(held, fd);
            close(held);
        }
    }
}

} // namespace netmon::cli
