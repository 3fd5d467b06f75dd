// tt::stl::Span: a non-owning view, as tt-metal's host API takes arguments.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <vector>

namespace tt::stl {

/// Like std::span, but never built from a braced list (so overloads taking a
/// std::vector stay unambiguous for `{a, b, c}` arguments).
template <typename T> class Span : public std::span<T> {
public:
  using std::span<T>::span;
  Span() = default;
  template <typename U, typename A>
  Span(const std::vector<U, A> &v) : std::span<T>(v.data(), v.size()) {}
  template <typename U, typename A>
  Span(std::vector<U, A> &v) : std::span<T>(v.data(), v.size()) {}
  template <typename U, std::size_t N>
  Span(const std::array<U, N> &a) : std::span<T>(a.data(), N) {}
};

} // namespace tt::stl
