#include "sinks/terminal_width.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>

#include "output/text_wrap.h"

namespace netmon {

size_t text_width_for(int fd)
{
    winsize size{};
    if (isatty(fd) != 1 || ioctl(fd, TIOCGWINSZ, &size) != 0)
        return kTextWidth;
    return std::max<size_t>(kTextWidth, size.ws_col);
}

} // namespace netmon
