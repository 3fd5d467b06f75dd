// tt_xy_pair: the (x, y) coordinate type tt-metal's CoreCoord aliases.
#pragma once

#include <compare>
#include <cstddef>
#include <functional>
#include <string>

struct tt_xy_pair {
  constexpr tt_xy_pair() : x(0), y(0) {}
  constexpr tt_xy_pair(std::size_t x, std::size_t y) : x(x), y(y) {}

  std::size_t x;
  std::size_t y;

  std::string str() const {
    return "(x=" + std::to_string(x) + ",y=" + std::to_string(y) + ")";
  }
  friend constexpr bool operator==(const tt_xy_pair &, const tt_xy_pair &) =
      default;
  friend constexpr auto operator<=>(const tt_xy_pair &a, const tt_xy_pair &b) {
    if (auto c = a.x <=> b.x; c != 0)
      return c;
    return a.y <=> b.y;
  }
};

namespace std {
template <> struct hash<tt_xy_pair> {
  std::size_t operator()(const tt_xy_pair &p) const noexcept {
    return std::hash<std::size_t>()(p.x) ^ (std::hash<std::size_t>()(p.y) << 1);
  }
};
} // namespace std

#if __has_include(<fmt/format.h>)
#include <fmt/format.h>
/// fmt prints a coordinate as tt-metal does: "(x=1,y=2)".
template <> struct fmt::formatter<tt_xy_pair> : fmt::formatter<std::string> {
  template <typename Ctx> auto format(const tt_xy_pair &p, Ctx &ctx) const {
    return fmt::formatter<std::string>::format(p.str(), ctx);
  }
};
#endif
