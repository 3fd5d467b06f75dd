// Row-major <-> tiled (32x32 tiles of four 16x16 faces) layout conversion.
#pragma once

#include <cstdint>
#include <vector>

#include <tt-metalium/bfloat16.hpp>

namespace ttemu::host {
/// Index, in the tiled layout, of row-major element (r, c) of an m x n matrix.
inline std::size_t tiledIndex(std::size_t r, std::size_t c, std::size_t n) {
  std::size_t tileRow = r / 32, tileCol = c / 32, tilesPerRow = n / 32;
  std::size_t tr = r % 32, tc = c % 32;
  std::size_t face = (tr / 16) * 2 + (tc / 16);
  return (tileRow * tilesPerRow + tileCol) * 1024 + face * 256 +
         (tr % 16) * 16 + (tc % 16);
}
} // namespace ttemu::host

/// Converts an m x n row-major matrix to tiles in row-major tile order, each
/// tile as four faces (top-left, top-right, bottom-left, bottom-right).
template <typename T>
std::vector<T> tilize_nfaces(const std::vector<T> &input, std::uint32_t m,
                             std::uint32_t n) {
  TT_FATAL(m % 32 == 0 && n % 32 == 0,
           "tilize_nfaces: {}x{} is not a multiple of 32x32", m, n);
  TT_FATAL(input.size() >= std::size_t(m) * n,
           "tilize_nfaces: input has {} elements, expected {}", input.size(),
           std::size_t(m) * n);
  std::vector<T> out(std::size_t(m) * n);
  for (std::size_t r = 0; r < m; ++r)
    for (std::size_t c = 0; c < n; ++c)
      out[ttemu::host::tiledIndex(r, c, n)] = input[r * n + c];
  return out;
}

/// Inverse of tilize_nfaces.
template <typename T>
std::vector<T> untilize_nfaces(const std::vector<T> &input, std::uint32_t m,
                               std::uint32_t n) {
  TT_FATAL(m % 32 == 0 && n % 32 == 0,
           "untilize_nfaces: {}x{} is not a multiple of 32x32", m, n);
  TT_FATAL(input.size() >= std::size_t(m) * n,
           "untilize_nfaces: input has {} elements, expected {}", input.size(),
           std::size_t(m) * n);
  std::vector<T> out(std::size_t(m) * n);
  for (std::size_t r = 0; r < m; ++r)
    for (std::size_t c = 0; c < n; ++c)
      out[r * n + c] = input[ttemu::host::tiledIndex(r, c, n)];
  return out;
}

template <typename T>
std::vector<T> tilize(const std::vector<T> &input, std::uint32_t m,
                      std::uint32_t n) {
  return tilize_nfaces(input, m, n);
}
template <typename T>
std::vector<T> untilize(const std::vector<T> &input, std::uint32_t m,
                        std::uint32_t n) {
  return untilize_nfaces(input, m, n);
}
