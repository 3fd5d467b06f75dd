// Kernel API shared by data-movement and compute kernels: runtime and
// compile-time arguments and circular-buffer synchronisation. The compute
// kernel API (compute_kernel_api/cb_api.h and friends) includes this rather
// than redefining these functions.
#pragma once

#include <cstdint>
#include <type_traits>

#include <hostdevcommon/kernel_structs.h>
#include <tt-metalium/data_types.hpp>
#include <ttemu/kernel_abi.h>

#ifndef tt_l1_ptr
#define tt_l1_ptr
#endif
#ifndef tt_reg_ptr
#define tt_reg_ptr
#endif
#ifndef FORCE_INLINE
#define FORCE_INLINE inline __attribute__((always_inline))
#endif
#ifndef ALWI
#define ALWI inline __attribute__((always_inline))
#endif

using tt::DataFormat;

// Compile-time arguments are baked in by the JIT as a list macro, so that
// get_compile_time_arg_val(i) is a constant expression, as on the device.
#ifndef TTEMU_CT_ARGS
#define TTEMU_CT_ARGS
#endif
namespace ttemu::kernel {
inline constexpr uint32_t compileTimeArgs[] = {TTEMU_CT_ARGS 0u};
inline constexpr uint32_t numCompileTimeArgs =
    sizeof(compileTimeArgs) / sizeof(uint32_t) - 1;
constexpr uint32_t compileTimeArg(uint32_t i) {
  // Out of range in a constant expression is a compile error here.
  return i < numCompileTimeArgs
             ? compileTimeArgs[i]
             : throw "get_compile_time_arg_val: index out of range";
}
} // namespace ttemu::kernel

#define get_compile_time_arg_val(i) (::ttemu::kernel::compileTimeArg(i))
// Named compile-time arguments arrive as {"name", value} pairs.
#ifndef TTEMU_NAMED_CT_ARGS
#define TTEMU_NAMED_CT_ARGS
#endif
namespace ttemu::kernel {
struct NamedArg {
  const char *name;
  uint32_t value;
};
inline constexpr NamedArg namedArgs[] = {TTEMU_NAMED_CT_ARGS{nullptr, 0u}};
constexpr bool sameName(const char *a, const char *b) {
  while (*a && *a == *b) {
    ++a;
    ++b;
  }
  return *a == *b;
}
// A template, so that a kernel with no named arguments still compiles.
template <typename = void>
constexpr uint32_t namedCompileTimeArg(const char *name) {
  for (const NamedArg &a : namedArgs)
    if (a.name && sameName(a.name, name))
      return a.value;
  // Unknown names are a compile error when used in a constant expression.
  throw "get_named_compile_time_arg_val: no argument of that name";
}
} // namespace ttemu::kernel
#define get_named_compile_time_arg_val(name)                                   \
  (::ttemu::kernel::namedCompileTimeArg<>(name))

/// tt-metal also exposes the raw array.
inline constexpr const auto &kernel_compile_time_args =
    ::ttemu::kernel::compileTimeArgs;

template <typename T> FORCE_INLINE T get_arg_val(int arg_idx) {
  static_assert(sizeof(T) == 4, "runtime arguments are 32-bit words");
  return *reinterpret_cast<T *>(::ttemu::abi::argPtr(arg_idx));
}
template <typename T> FORCE_INLINE T get_common_arg_val(int arg_idx) {
  static_assert(sizeof(T) == 4, "runtime arguments are 32-bit words");
  return *reinterpret_cast<T *>(::ttemu::abi::commonArgPtr(arg_idx));
}
FORCE_INLINE uintptr_t get_arg_addr(int arg_idx) {
  return reinterpret_cast<uintptr_t>(::ttemu::abi::argPtr(arg_idx));
}
FORCE_INLINE uintptr_t get_common_arg_addr(int arg_idx) {
  return reinterpret_cast<uintptr_t>(::ttemu::abi::commonArgPtr(arg_idx));
}

FORCE_INLINE void cb_reserve_back(uint32_t cb, uint32_t n) {
  ::ttemu::abi::cbReserveBack(cb, n);
}
FORCE_INLINE void cb_push_back(uint32_t cb, uint32_t n) {
  ::ttemu::abi::cbPushBack(cb, n);
}
FORCE_INLINE void cb_wait_front(uint32_t cb, uint32_t n) {
  ::ttemu::abi::cbWaitFront(cb, n);
}
FORCE_INLINE void cb_pop_front(uint32_t cb, uint32_t n) {
  ::ttemu::abi::cbPopFront(cb, n);
}
FORCE_INLINE bool cb_pages_reservable_at_back(uint32_t cb, uint32_t n) {
  return ::ttemu::abi::cbPagesReservableAtBack(cb, n);
}
FORCE_INLINE bool cb_pages_available_at_front(uint32_t cb, uint32_t n) {
  return ::ttemu::abi::cbPagesAvailableAtFront(cb, n);
}
FORCE_INLINE uint32_t get_write_ptr(uint32_t cb) {
  return ::ttemu::abi::cbWritePtr(cb);
}
FORCE_INLINE uint32_t get_read_ptr(uint32_t cb) {
  return ::ttemu::abi::cbReadPtr(cb);
}
#ifndef TTEMU_CB_PAGE_SIZES
#define TTEMU_CB_PAGE_SIZES
#endif
namespace ttemu::detail {
/// Page size of each CB on this kernel's cores, from the JIT (0: none, or
/// not the same on every core).
inline constexpr uint32_t cbPageSizes[32] = {TTEMU_CB_PAGE_SIZES};
} // namespace ttemu::detail

/// constexpr as on the device, where the JIT bakes the CB formats into the
/// kernel: in a constant expression it reads the compile-time table (a CB
/// without one page size on all the kernel's cores does not compile).
FORCE_INLINE constexpr uint32_t get_tile_size(uint32_t cb) {
  if (std::is_constant_evaluated()) {
    if (cb >= 32 || ::ttemu::detail::cbPageSizes[cb] == 0)
      throw "get_tile_size in a constant expression: this circular buffer is "
            "not configured with one page size on every core of the kernel";
    return ::ttemu::detail::cbPageSizes[cb];
  }
  return ::ttemu::abi::cbPageSizeBytes(cb);
}
FORCE_INLINE DataFormat get_dataformat(uint32_t cb) {
  return static_cast<DataFormat>(::ttemu::abi::cbFormat(cb));
}

// Logical coordinates of this core (tt-metal returns uint8_t); with no
// sub-devices the relative and absolute grids coincide.
FORCE_INLINE uint8_t get_absolute_logical_x() { return uint8_t(::ttemu::abi::logicalX()); }
FORCE_INLINE uint8_t get_absolute_logical_y() { return uint8_t(::ttemu::abi::logicalY()); }
FORCE_INLINE uint8_t get_relative_logical_x() { return uint8_t(::ttemu::abi::logicalX()); }
FORCE_INLINE uint8_t get_relative_logical_y() { return uint8_t(::ttemu::abi::logicalY()); }

#define my_x (::ttemu::abi::myX())
#define my_y (::ttemu::abi::myY())
