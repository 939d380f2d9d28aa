// An allocator whose value-less construct() default-initialises: for a
// trivial type, vector::resize() then grows without writing the new
// elements. The reader sizes a harvest's buffer to an upper bound this
// way, and pages it never writes stay unbacked: they cost no memory.
#pragma once

#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace netmon {

template <class T, class Base = std::allocator<T>> class DefaultInitAllocator : public Base {
    using Traits = std::allocator_traits<Base>;

  public:
    template <class U> struct rebind {
        using other = DefaultInitAllocator<U, typename Traits::template rebind_alloc<U>>;
    };

    using Base::Base;

    template <class U> void construct(U *p) noexcept(std::is_nothrow_default_constructible_v<U>)
    {
        ::new (static_cast<void *>(p)) U;
    }
    template <class U, class... Args> void construct(U *p, Args &&...args)
    {
        Traits::construct(static_cast<Base &>(*this), p, std::forward<Args>(args)...);
    }
};

} // namespace netmon
