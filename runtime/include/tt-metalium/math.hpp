// Integer helpers host programs use for tiling arithmetic.
#pragma once

#include <cstdint>

namespace tt {
template <typename A, typename B> constexpr auto div_up(A a, B b) {
  return (a + b - 1) / b;
}
template <typename A, typename B> constexpr auto round_up(A a, B b) {
  return div_up(a, b) * b;
}
template <typename A, typename B> constexpr auto round_down(A a, B b) {
  return a / b * b;
}
/// Rounds `addr` up to a multiple of `alignment` (a power of two), as
/// tt-metal's `tt::align`.
template <typename A, typename B> constexpr auto align(A addr, B alignment) {
  return ((addr - 1) | (alignment - 1)) + 1;
}
} // namespace tt
