// libFuzzer target: CaptureReader (libpcap underneath, then the link-type
// rebuild) on arbitrary file contents. Every frame must be readable as a
// span of bytes and claim a plausible length on the wire (at most
// kMaxWireLength: a bigger one is a corrupt record, never counted); a bad
// file may only end in netmon::Error.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "capture/capture_reader.h"
#include "core/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const int fd = memfd_create("capture", 0);
    if (fd < 0 || write(fd, data, size) != static_cast<ssize_t>(size)) {
        std::perror("memfd");
        __builtin_trap();
    }
    const std::string path = "/proc/self/fd/" + std::to_string(fd);
    try {
        auto reader = netmon::capture::CaptureReader::open(path);
        uint64_t sum = 0;
        while (auto frame = reader.next()) {
            if (frame->original_length > netmon::capture::kMaxWireLength)
                std::abort();
            for (uint8_t b : frame->ethernet) // touch every byte: ASan checks the span
                sum += b;
        }
        (void)sum;
    } catch (const netmon::Error &) {
        // refused or corrupt: fine, as long as it is reported
    }
    close(fd);
    return 0;
}
