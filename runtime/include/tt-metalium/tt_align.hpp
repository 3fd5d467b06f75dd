// tt::align, in the header tt-metal moved it to (host programs such as the
// shard_data_rm example include <tt-metalium/tt_align.hpp> for it).
#pragma once

#include <cstdint>
#include <type_traits>

namespace tt {
/// Rounds `addr` up to a multiple of `alignment` (a power of two), in the
/// common type of both.
template <typename A, typename B>
constexpr std::common_type_t<A, B> align(A addr, B alignment) {
  static_assert(std::is_integral_v<A> && std::is_integral_v<B>,
                "align() takes integers");
  using T = std::common_type_t<A, B>;
  return ((static_cast<T>(addr) - 1) | (static_cast<T>(alignment) - 1)) + 1;
}
} // namespace tt
