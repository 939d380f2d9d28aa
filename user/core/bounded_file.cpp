#include "core/bounded_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "core/error.h"
#include "core/fd.h"

namespace netmon {

namespace {

const char *kind_of(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

} // namespace

std::string size_text(size_t bytes)
{
    if (bytes >= (1u << 20) && bytes % (1u << 20) == 0)
        return std::to_string(bytes >> 20) + " MiB";
    if (bytes >= (1u << 10) && bytes % (1u << 10) == 0)
        return std::to_string(bytes >> 10) + " KiB";
    return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

BoundedFile read_bounded_file(const std::string &path, size_t max_bytes, const std::string &option)
{
    const std::string what = option + " '" + path + "'";
    // O_NONBLOCK: opening a FIFO for reading would wait for a writer.
    Fd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (!fd)
        throw Error(what + ": cannot read: " + std::strerror(errno), kExitUsage);
    struct stat st {};
    if (fstat(fd.get(), &st) != 0)
        throw Error(what + ": cannot stat: " + std::strerror(errno), kExitUsage);
    if (!S_ISREG(st.st_mode))
        throw Error(what + ": " + kind_of(st.st_mode) + ", not a regular file", kExitUsage);
    const std::string too_big = what + ": larger than " + size_text(max_bytes) +
                                ", the most this option reads (is it the right file?)";
    if (static_cast<uint64_t>(st.st_size) > max_bytes)
        throw Error(too_big, kExitUsage);

    BoundedFile file;
    file.mode = st.st_mode;
    file.content.reserve(static_cast<size_t>(st.st_size));
    // Read to the cap plus one byte: the file may have grown since fstat.
    char buf[65536];
    while (file.content.size() <= max_bytes) {
        const ssize_t n = read(fd.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            throw Error(what + ": cannot read: " + std::strerror(errno), kExitUsage);
        if (n == 0)
            break;
        file.content.append(buf, static_cast<size_t>(n));
    }
    if (file.content.size() > max_bytes)
        throw Error(too_big, kExitUsage);
    return file;
}

} // namespace netmon
