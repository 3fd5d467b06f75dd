// Host bfloat16 helpers, built on the numerics library's conversions.
#include <tt-metalium/bfloat16.hpp>

#include <cmath>
#include <iostream>

#include "ttemu/numerics.h"

std::uint16_t bfloat16::fromFloat(float f) {
  return ttemu::num::floatToBf16(f, ttemu::num::Rounding::NearestEven);
}

namespace {
template <typename F> std::vector<std::uint32_t> packedPairs(std::uint32_t bytes, F next) {
  std::vector<std::uint32_t> vec(bytes / sizeof(std::uint32_t));
  for (auto &w : vec) {
    bfloat16 lo(next()), hi(next());
    w = pack_two_bfloat16_into_uint32({lo, hi});
  }
  return vec;
}
} // namespace

std::vector<std::uint32_t> create_random_vector_of_bfloat16(std::uint32_t num_bytes,
                                                            float rand_max_float,
                                                            int seed, float offset) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(0, rand_max_float);
  return packedPairs(num_bytes, [&] { return dist(gen) + offset; });
}

std::vector<bfloat16> create_random_vector_of_bfloat16_native(
    std::uint32_t num_bytes, float rand_max_float, int seed, float offset) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(0, rand_max_float);
  std::vector<bfloat16> vec(num_bytes / sizeof(bfloat16));
  for (auto &v : vec)
    v = bfloat16(dist(gen) + offset);
  return vec;
}

std::vector<std::uint32_t> create_random_vector_of_bfloat16_1_1(std::uint32_t num_bytes,
                                                                int seed) {
  return create_random_vector_of_bfloat16(num_bytes, 2.0f, seed, -1.0f);
}

std::vector<std::uint32_t> create_random_vector_of_bfloat16_0_2(std::uint32_t num_bytes,
                                                                int seed) {
  return create_random_vector_of_bfloat16(num_bytes, 2.0f, seed);
}

std::vector<std::uint32_t> create_constant_vector_of_bfloat16(std::uint32_t num_bytes,
                                                              float value) {
  return packedPairs(std::max<std::uint32_t>(num_bytes, 4),
                     [&] { return value; });
}

std::vector<std::uint32_t> create_arange_vector_of_bfloat16(std::uint32_t num_bytes,
                                                            bool print) {
  float i = 0;
  auto vec = packedPairs(num_bytes, [&] { return i++; });
  if (print)
    for (std::uint32_t w : vec) {
      auto [a, b] = unpack_two_bfloat16_from_uint32(w);
      std::cout << a.to_float() << ", " << b.to_float() << "\n";
    }
  return vec;
}

std::vector<bfloat16> create_identity_matrix(int rows, int cols, int num_ones) {
  std::vector<bfloat16> vec(static_cast<std::size_t>(rows) * cols, bfloat16(0.0f));
  for (int i = 0; i < num_ones; ++i)
    vec.at(static_cast<std::size_t>(i) * cols + i) = bfloat16(1.0f);
  return vec;
}

std::vector<std::uint32_t>
pack_bfloat16_vec_into_uint32_vec(const std::vector<bfloat16> &data) {
  TT_FATAL(data.size() % 2 == 0, "odd number of bfloat16 values ({})",
           data.size());
  std::vector<std::uint32_t> out(data.size() / 2);
  std::memcpy(out.data(), data.data(), out.size() * 4);
  return out;
}

std::vector<bfloat16>
unpack_uint32_vec_into_bfloat16_vec(const std::vector<std::uint32_t> &data) {
  std::vector<bfloat16> out(data.size() * 2);
  std::memcpy(out.data(), data.data(), data.size() * 4);
  return out;
}

std::vector<bfloat16> unpack_uint32_vec_into_bfloat16_vec(
    const std::vector<std::uint32_t> &data,
    const std::function<bfloat16(const bfloat16 &)> &transform) {
  std::vector<bfloat16> out = unpack_uint32_vec_into_bfloat16_vec(data);
  for (auto &v : out)
    v = transform(v);
  return out;
}

std::vector<std::uint16_t> u16_from_u32_vector(const std::vector<std::uint32_t> &in) {
  std::vector<std::uint16_t> out(in.size() * 2);
  std::memcpy(out.data(), in.data(), in.size() * 4);
  return out;
}

std::vector<std::uint32_t> u32_from_u16_vector(const std::vector<std::uint16_t> &in) {
  TT_FATAL(in.size() % 2 == 0, "odd number of uint16 values ({})", in.size());
  std::vector<std::uint32_t> out(in.size() / 2);
  std::memcpy(out.data(), in.data(), out.size() * 4);
  return out;
}

bool equal_within_absolute_tolerance(float a, float b, float tol) {
  return std::abs(a - b) < tol;
}

bool is_close(float a, float b, float rtol, float atol) {
  float diff = std::fabs(a - b);
  return diff <= atol || diff <= rtol * std::fmax(std::fabs(a), std::fabs(b));
}

bool packed_uint32_t_vector_comparison(
    const std::vector<std::uint32_t> &a, const std::vector<std::uint32_t> &b,
    std::function<bool(float, float)> cmp, int *argfail) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto [a1, a2] = unpack_two_bfloat16_from_uint32(a[i]);
    auto [b1, b2] = unpack_two_bfloat16_from_uint32(b[i]);
    if (!cmp(a1.to_float(), b1.to_float()) || !cmp(a2.to_float(), b2.to_float())) {
      if (argfail)
        *argfail = static_cast<int>(i);
      return false;
    }
  }
  return true;
}
