// Shape2D: a (height, width) pair, as tt-metal's MeshBuffer configs take
// it; destructures like a pair (auto [h, w] = shape).
#pragma once

#include <cstddef>
#include <tuple>
#include <utility>

namespace tt::tt_metal {

class Shape2D {
public:
  Shape2D() = default;
  Shape2D(std::size_t height, std::size_t width) : h_(height), w_(width) {}
  Shape2D(const std::pair<std::size_t, std::size_t> &p) : h_(p.first), w_(p.second) {}
  std::size_t height() const { return h_; }
  std::size_t width() const { return w_; }
  bool operator==(const Shape2D &) const = default;
  template <std::size_t I> std::size_t get() const {
    static_assert(I < 2);
    return I == 0 ? h_ : w_;
  }

private:
  std::size_t h_ = 0, w_ = 0;
};

} // namespace tt::tt_metal

template <> struct std::tuple_size<tt::tt_metal::Shape2D>
    : std::integral_constant<std::size_t, 2> {};
template <std::size_t I> struct std::tuple_element<I, tt::tt_metal::Shape2D> {
  using type = std::size_t;
};
