// Appends big-endian (network order) integers to a byte buffer: every IPFIX
// field is written through it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace netmon::ipfix {

class ByteWriter {
  public:
    explicit ByteWriter(std::vector<uint8_t> &out) : out_(out) {}

    void u8(uint8_t v) { out_.push_back(v); }
    void u16(uint16_t v) { uint_be(v, 2); }
    void u32(uint32_t v) { uint_be(v, 4); }
    void u64(uint64_t v) { uint_be(v, 8); }
    void bytes(const uint8_t *p, size_t n) { out_.insert(out_.end(), p, p + n); }

    // Overwrites a 16-bit field written earlier (a set or message length).
    static void patch_u16(std::vector<uint8_t> &buf, size_t at, uint16_t v)
    {
        buf[at] = static_cast<uint8_t>(v >> 8);
        buf[at + 1] = static_cast<uint8_t>(v);
    }

  private:
    void uint_be(uint64_t v, int n)
    {
        for (int i = n - 1; i >= 0; i--)
            out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
    }
    std::vector<uint8_t> &out_;
};

} // namespace netmon::ipfix
