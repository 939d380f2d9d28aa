// libFuzzer target: EthernetRebuilder on arbitrary frames of every
// supported link type. Input: 1 byte picks the link type, 4 bytes the wire
// length (little endian), the rest is the captured frame.
#include <pcap/pcap.h>

#include <cstdint>
#include <cstring>
#include <span>

#include "capture/link_rebuild.h"

namespace {
constexpr int kLinkTypes[] = {DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2,
                              DLT_RAW,    DLT_IPV4,      DLT_IPV6,
                              12 /* DLT_RAW on Linux */};
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 5)
        return 0;
    const int dlt = kLinkTypes[data[0] % std::size(kLinkTypes)];
    if (!netmon::capture::is_supported_link_type(dlt))
        return 0;
    uint32_t wire_length;
    std::memcpy(&wire_length, data + 1, sizeof(wire_length));
    netmon::capture::EthernetRebuilder rebuilder(dlt);
    std::span<const uint8_t> captured(data + 5, size - 5);
    std::span<const uint8_t> frame = rebuilder.rebuild(captured, wire_length);
    uint64_t sum = 0;
    for (uint8_t b : frame) // touch every byte: ASan checks the span
        sum += b;
    // Twice: the rebuilder reuses its buffer.
    for (uint8_t b : rebuilder.rebuild(captured, wire_length))
        sum -= b;
    if (sum != 0)
        __builtin_trap(); // the same input must rebuild the same frame
    return 0;
}
