// Integer helpers host programs use for tiling arithmetic.
#pragma once

#include <cstdint>

#include "tt-metalium/tt_align.hpp" // tt::align

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
} // namespace tt
