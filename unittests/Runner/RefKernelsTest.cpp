//===- RefKernelsTest.cpp - Fast reference kernels against naive loops ----===//
//
// The fast paths of the reference interpreter must give the fp64 values of
// the straightforward loops bit for bit: the reference is the oracle.

#include "tilett/Runner/RefKernels.h"

#include "llvm/ADT/APFloat.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

using namespace mlir::tilett::runner;

namespace {

std::vector<double> randomVector(std::mt19937_64 &rng, size_t n) {
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  std::vector<double> v(n);
  for (double &x : v)
    x = uniform(rng);
  return v;
}

bool sameBits(const std::vector<double> &x, const std::vector<double> &y) {
  return x.size() == y.size() &&
         std::memcmp(x.data(), y.data(), x.size() * sizeof(double)) == 0;
}

// Shapes around the register tile (6 x 16) and the K / M / N blocks (256,
// 96, 1024), with and without transposes and accumulator clearing.
TEST(RefKernelsTest, GemmMatchesNaiveBitForBit) {
  std::mt19937_64 rng(18);
  const int64_t ms[] = {1, 5, 6, 7, 97, 128};
  const int64_t ns[] = {1, 15, 16, 17, 130};
  const int64_t ks[] = {1, 32, 257};
  for (int64_t m : ms)
    for (int64_t n : ns)
      for (int64_t k : ks)
        for (int flags = 0; flags < 8; ++flags) {
          bool ta = flags & 1, tb = flags & 2, clear = flags & 4;
          std::vector<double> a = randomVector(rng, m * k);
          std::vector<double> b = randomVector(rng, k * n);
          std::vector<double> c = randomVector(rng, m * n), expect = c;
          ref::gemm(a.data(), b.data(), c.data(), m, n, k, ta, tb, clear);
          ref::gemmNaive(a.data(), b.data(), expect.data(), m, n, k, ta, tb,
                         clear);
          ASSERT_TRUE(sameBits(c, expect))
              << "m " << m << " n " << n << " k " << k << " flags " << flags;
        }
}

TEST(RefKernelsTest, GemmWideNAndEmptyK) {
  std::mt19937_64 rng(7);
  int64_t m = 3, n = 1100, k = 5; // more than one column block of 1024
  std::vector<double> a = randomVector(rng, m * k), b = randomVector(rng, k * n);
  std::vector<double> c = randomVector(rng, m * n), expect = c;
  ref::gemm(a.data(), b.data(), c.data(), m, n, k, false, true, false);
  ref::gemmNaive(a.data(), b.data(), expect.data(), m, n, k, false, true,
                 false);
  EXPECT_TRUE(sameBits(c, expect));
  std::vector<double> keep = c;
  ref::gemm(a.data(), b.data(), c.data(), m, n, 0, false, false, false);
  EXPECT_TRUE(sameBits(c, keep));
  ref::gemm(a.data(), b.data(), c.data(), m, n, 0, false, false, true);
  EXPECT_TRUE(sameBits(c, std::vector<double>(m * n, 0.0)));
}

double viaAPFloat(double x, const llvm::fltSemantics &sem) {
  llvm::APFloat f(x);
  bool losesInfo = false;
  f.convert(sem, llvm::APFloat::rmNearestTiesToEven, &losesInfo);
  return f.convertToDouble();
}

void expectSameRounding(double x) {
  double bf = ref::roundToBF16(x), bfRef = viaAPFloat(x, llvm::APFloat::BFloat());
  double h = ref::roundToF16(x), hRef = viaAPFloat(x, llvm::APFloat::IEEEhalf());
  EXPECT_TRUE(std::bit_cast<uint64_t>(bf) == std::bit_cast<uint64_t>(bfRef) ||
              (std::isnan(bf) && std::isnan(bfRef)))
      << "bf16 of " << x << ": " << bf << " vs " << bfRef;
  EXPECT_TRUE(std::bit_cast<uint64_t>(h) == std::bit_cast<uint64_t>(hRef) ||
              (std::isnan(h) && std::isnan(hRef)))
      << "f16 of " << x << ": " << h << " vs " << hRef;
}

TEST(RefKernelsTest, RoundingMatchesAPFloat) {
  std::mt19937_64 rng(16);
  std::uniform_real_distribution<double> mantissa(1.0, 2.0);
  std::uniform_int_distribution<int> exponent(-160, 140);
  for (int i = 0; i < 200000; ++i) {
    double x = std::ldexp(mantissa(rng), exponent(rng));
    expectSameRounding(i & 1 ? -x : x);
  }
  // Ties (exactly half an ulp of bf16 / f16 above 1), one bit off ties,
  // format limits and their neighbours, specials.
  const double inf = std::numeric_limits<double>::infinity();
  const double edges[] = {0.0, -0.0, inf, -inf,
                          std::numeric_limits<double>::quiet_NaN(),
                          1.0 + std::ldexp(1.0, -8), 1.0 + 3 * std::ldexp(1.0, -8),
                          1.0 + std::ldexp(1.0, -11), 1.0 + 3 * std::ldexp(1.0, -11),
                          std::nextafter(1.0 + std::ldexp(1.0, -8), 2.0),
                          std::nextafter(1.0 + std::ldexp(1.0, -8), 0.0),
                          65504.0, 65519.99, 65520.0, 65536.0,
                          std::ldexp(1.0, -14), std::ldexp(1.0, -15),
                          std::ldexp(1.0, -24), std::ldexp(1.0, -25),
                          std::ldexp(1.0, -126), std::ldexp(1.0, -127),
                          std::ldexp(1.0, -133), std::ldexp(1.0, -134),
                          std::ldexp(2.0 - std::ldexp(1.0, -8), 127),
                          std::ldexp(2.0 - std::ldexp(1.0, -9), 127),
                          std::ldexp(1.0, 128), 1e300, 1e-300,
                          std::numeric_limits<double>::denorm_min()};
  for (double x : edges) {
    expectSameRounding(x);
    expectSameRounding(-x);
  }
}

} // namespace
