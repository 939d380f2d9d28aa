// A move-only owner of an mmap()ed range.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <utility>

namespace netmon {

class MappedMemory {
  public:
    MappedMemory() = default;
    MappedMemory(void *addr, size_t size) : addr_(addr), size_(size) {}
    ~MappedMemory() { reset(); }
    MappedMemory(MappedMemory &&other) noexcept
        : addr_(std::exchange(other.addr_, nullptr)), size_(std::exchange(other.size_, 0))
    {
    }
    MappedMemory &operator=(MappedMemory &&other) noexcept
    {
        if (this != &other) {
            reset();
            addr_ = std::exchange(other.addr_, nullptr);
            size_ = std::exchange(other.size_, 0);
        }
        return *this;
    }
    MappedMemory(const MappedMemory &) = delete;
    MappedMemory &operator=(const MappedMemory &) = delete;

    void *get() const { return addr_; }
    size_t size() const { return size_; }

  private:
    void reset()
    {
        if (addr_)
            ::munmap(addr_, size_);
        addr_ = nullptr;
        size_ = 0;
    }

    void *addr_ = nullptr;
    size_t size_ = 0;
};

} // namespace netmon
