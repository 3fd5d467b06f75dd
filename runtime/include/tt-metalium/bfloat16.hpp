// bfloat16 host type and the vector helpers tt-metal programs use.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <ostream>
#include <random>
#include <utility>
#include <vector>

#include <tt-metalium/assert.hpp>

class bfloat16 {
public:
  static constexpr std::size_t SIZEOF = 2;
  bfloat16() = default;
  /// From a value: rounds to nearest even (NaN stays NaN).
  bfloat16(float f) : bits_(fromFloat(f)) {}
  bfloat16(double d) : bfloat16(static_cast<float>(d)) {}
  /// From raw bits (tt-metal's historical integer constructors).
  bfloat16(std::uint16_t bits) : bits_(bits) {}
  bfloat16(std::uint32_t bits) : bits_(static_cast<std::uint16_t>(bits)) {}
  bfloat16(int bits) : bits_(static_cast<std::uint16_t>(bits)) {}

  float to_float() const {
    std::uint32_t u = static_cast<std::uint32_t>(bits_) << 16;
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
  }
  explicit operator float() const { return to_float(); }
  std::uint16_t to_packed() const { return bits_; }
  std::uint16_t to_uint16() const { return bits_; }

  bool operator==(const bfloat16 &o) const { return bits_ == o.bits_; }
  bool operator!=(const bfloat16 &o) const { return bits_ != o.bits_; }
  bfloat16 operator+(const bfloat16 &o) const { return to_float() + o.to_float(); }
  bfloat16 operator-(const bfloat16 &o) const { return to_float() - o.to_float(); }
  bfloat16 operator*(const bfloat16 &o) const { return to_float() * o.to_float(); }
  bfloat16 operator/(const bfloat16 &o) const { return to_float() / o.to_float(); }
  bfloat16 &operator+=(const bfloat16 &o) { return *this = *this + o; }
  bfloat16 &operator*=(const bfloat16 &o) { return *this = *this * o; }
  bool operator<(const bfloat16 &o) const { return to_float() < o.to_float(); }
  bool operator>(const bfloat16 &o) const { return to_float() > o.to_float(); }

private:
  static std::uint16_t fromFloat(float f);
  std::uint16_t bits_ = 0;
};
static_assert(sizeof(bfloat16) == 2);

inline std::ostream &operator<<(std::ostream &os, const bfloat16 &v) {
  return os << v.to_float();
}

inline std::uint32_t
pack_two_bfloat16_into_uint32(std::pair<bfloat16, bfloat16> two) {
  return static_cast<std::uint32_t>(two.first.to_uint16()) |
         (static_cast<std::uint32_t>(two.second.to_uint16()) << 16);
}

inline std::pair<bfloat16, bfloat16>
unpack_two_bfloat16_from_uint32(std::uint32_t v) {
  return {bfloat16(static_cast<std::uint16_t>(v & 0xffff)),
          bfloat16(static_cast<std::uint16_t>(v >> 16))};
}

/// `num_bytes / 4` words, each two bf16 values uniform in [offset,
/// offset + rand_max).
std::vector<std::uint32_t> create_random_vector_of_bfloat16(
    std::uint32_t num_bytes, float rand_max_float, int seed, float offset = 0.0f);
std::vector<bfloat16> create_random_vector_of_bfloat16_native(
    std::uint32_t num_bytes, float rand_max_float, int seed, float offset = 0.0f);
std::vector<std::uint32_t> create_random_vector_of_bfloat16_1_1(std::uint32_t num_bytes,
                                                                int seed);
std::vector<std::uint32_t> create_random_vector_of_bfloat16_0_2(std::uint32_t num_bytes,
                                                                int seed);
std::vector<std::uint32_t> create_constant_vector_of_bfloat16(std::uint32_t num_bytes,
                                                              float value);
std::vector<std::uint32_t> create_arange_vector_of_bfloat16(std::uint32_t num_bytes,
                                                            bool print = false);
std::vector<bfloat16> create_identity_matrix(int rows, int cols, int num_ones);
std::vector<std::uint32_t>
pack_bfloat16_vec_into_uint32_vec(const std::vector<bfloat16> &data);
std::vector<bfloat16>
unpack_uint32_vec_into_bfloat16_vec(const std::vector<std::uint32_t> &data);
std::vector<bfloat16> unpack_uint32_vec_into_bfloat16_vec(
    const std::vector<std::uint32_t> &data,
    const std::function<bfloat16(const bfloat16 &)> &transform);
std::vector<std::uint16_t> u16_from_u32_vector(const std::vector<std::uint32_t> &in);
std::vector<std::uint32_t> u32_from_u16_vector(const std::vector<std::uint16_t> &in);

bool equal_within_absolute_tolerance(float a, float b, float tol);
/// numpy.isclose semantics.
bool is_close(float a, float b, float rtol = 0.01f, float atol = 0.001f);
bool packed_uint32_t_vector_comparison(
    const std::vector<std::uint32_t> &a, const std::vector<std::uint32_t> &b,
    std::function<bool(float, float)> comparison_function,
    int *argfail = nullptr);
