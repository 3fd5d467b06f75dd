//===- RefKernels.cpp - Dense fp64 kernels of the reference interpreter ---===//
//
// See RefKernels.h. The oracle must not change with the host: every product
// is rounded before it is added (contraction off below, so no FMA even where
// the AVX-512 clone could fuse), and every C element sums in increasing k,
// whatever the blocking. Blocking only changes when a partial sum is parked
// in C between K blocks, which is exact.
//
//===----------------------------------------------------------------------===//

#include "tilett/Runner/RefKernels.h"

#include "llvm/ADT/APFloat.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <vector>

#pragma clang fp contract(off)

using namespace mlir::tilett::runner;

namespace {

/// Eight doubles at any 8-byte alignment: the compiler picks the widest
/// registers the clone's target has (one zmm, two ymm or four xmm).
typedef double V8 __attribute__((vector_size(64), aligned(8)));

// Register tile MR x NR of C; K and columns blocked so that a packed B
// panel (KC x NR) stays in L1 and an A block (MC x KC) in L2.
constexpr int64_t NR = 16, MR = 6, KC = 256, MC = 96, NC = 1024;

// Everything the target_clones function below calls is always_inline:
// clang does not emit out-of-line copies of library templates (std::vector,
// std::min) referenced only from a multiversioned function, and the link
// fails.
__attribute__((always_inline)) inline int64_t min64(int64_t x, int64_t y) {
  return x < y ? x : y;
}

__attribute__((always_inline)) inline V8 load8(const double *p) {
  V8 v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}
__attribute__((always_inline)) inline void store8(double *p, V8 v) {
  std::memcpy(p, &v, sizeof(v));
}

/// C[0:R, 0:nc] += A[0:R, 0:kc] * Bpanel[0:kc, 0:NR] (columns >= nc of the
/// panel are zero and their sums dropped). A(r, p) = a[r * ar + p * ak].
template <int R>
__attribute__((always_inline)) inline void
microKernel(const double *a, int64_t ar, int64_t ak, const double *bp,
            int64_t kc, double *c, int64_t ldc, int64_t nc) {
  V8 acc[R][2];
  for (int r = 0; r < R; ++r) {
    if (nc == NR) {
      acc[r][0] = load8(c + r * ldc);
      acc[r][1] = load8(c + r * ldc + 8);
    } else {
      double tmp[NR] = {};
      std::memcpy(tmp, c + r * ldc, nc * sizeof(double));
      acc[r][0] = load8(tmp);
      acc[r][1] = load8(tmp + 8);
    }
  }
  for (int64_t p = 0; p < kc; ++p) {
    V8 b0 = load8(bp + p * NR), b1 = load8(bp + p * NR + 8);
    for (int r = 0; r < R; ++r) {
      double av = a[r * ar + p * ak];
      acc[r][0] += av * b0;
      acc[r][1] += av * b1;
    }
  }
  for (int r = 0; r < R; ++r) {
    if (nc == NR) {
      store8(c + r * ldc, acc[r][0]);
      store8(c + r * ldc + 8, acc[r][1]);
    } else {
      double tmp[NR];
      store8(tmp, acc[r][0]);
      store8(tmp + 8, acc[r][1]);
      std::memcpy(c + r * ldc, tmp, nc * sizeof(double));
    }
  }
}

/// Rows [0, rows) of one MR strip, rows <= MR.
__attribute__((always_inline)) inline void
strip(int64_t rows, const double *a, int64_t ar, int64_t ak, const double *bp,
      int64_t kc, double *c, int64_t ldc, int64_t nc) {
  switch (rows) {
  case 6: return microKernel<6>(a, ar, ak, bp, kc, c, ldc, nc);
  case 5: return microKernel<5>(a, ar, ak, bp, kc, c, ldc, nc);
  case 4: return microKernel<4>(a, ar, ak, bp, kc, c, ldc, nc);
  case 3: return microKernel<3>(a, ar, ak, bp, kc, c, ldc, nc);
  case 2: return microKernel<2>(a, ar, ak, bp, kc, c, ldc, nc);
  default: return microKernel<1>(a, ar, ak, bp, kc, c, ldc, nc);
  }
}

static_assert(MR == 6, "strip() dispatches on MR = 6");

/// The blocked loop nest; cloned per target and picked at load time, so a
/// host without AVX-512 runs the same code on narrower registers.
__attribute__((target_clones("avx512f", "default"))) void
gemmBlocked(const double *a, const double *b, double *c, int64_t m, int64_t n,
            int64_t k, bool transA, bool transB, double *packed) {
  // `packed` holds min(KC, k) x min(NC, n) rounded up to panels of NR.
  int64_t ar = transA ? 1 : k, ak = transA ? m : 1;
  for (int64_t p0 = 0; p0 < k; p0 += KC) {
    int64_t kc = min64(KC, k - p0);
    for (int64_t j0 = 0; j0 < n; j0 += NC) {
      int64_t ncBlock = min64(NC, n - j0);
      int64_t panels = (ncBlock + NR - 1) / NR;
      // B[p0:p0+kc, j0:j0+ncBlock] as `panels` panels of kc x NR, zero
      // padded on the right.
      for (int64_t q = 0; q < panels; ++q) {
        double *dst = packed + q * kc * NR;
        for (int64_t x = 0; x < kc * NR; ++x)
          dst[x] = 0.0;
        int64_t jq = j0 + q * NR, nc = min64(NR, n - jq);
        for (int64_t p = 0; p < kc; ++p)
          for (int64_t jj = 0; jj < nc; ++jj)
            dst[p * NR + jj] = transB ? b[(jq + jj) * k + p0 + p]
                                      : b[(p0 + p) * n + jq + jj];
      }
      for (int64_t i0 = 0; i0 < m; i0 += MC) {
        int64_t mc = min64(MC, m - i0);
        for (int64_t q = 0; q < panels; ++q) {
          int64_t jq = j0 + q * NR, nc = min64(NR, n - jq);
          const double *bp = packed + q * kc * NR;
          for (int64_t i = i0; i < i0 + mc; i += MR)
            strip(min64(MR, i0 + mc - i), a + i * ar + p0 * ak, ar, ak, bp,
                  kc, c + i * n + jq, n, nc);
        }
      }
    }
  }
}

/// Shared by bf16 and f16: RNE of a normal fp64 to `mantBits` mantissa bits
/// when the result is normal in the target format (exponent in
/// [minExp, maxExp]); nullopt-like NaN flag via `ok` otherwise.
inline double roundNormal(double x, int mantBits, int minExp, int maxExp,
                          const llvm::fltSemantics &sem) {
  uint64_t u = std::bit_cast<uint64_t>(x);
  uint64_t mag = u & ~(uint64_t(1) << 63);
  int exp = int(mag >> 52) - 1023;
  if (mag == 0)
    return x; // +-0 are exact
  if (exp >= minExp && exp <= maxExp) {
    int shift = 52 - mantBits;
    uint64_t low = (uint64_t(1) << shift) - 1;
    uint64_t lsb = (u >> shift) & 1;
    // Adding half an ulp minus one, plus the kept lsb, rounds ties to even;
    // a carry out of the mantissa bumps the exponent, as it should.
    uint64_t halfMinusOne = (uint64_t(1) << (shift - 1)) - 1;
    uint64_t r = (u + halfMinusOne + lsb) & ~low;
    int roundedExp = int((r & ~(uint64_t(1) << 63)) >> 52) - 1023;
    if (roundedExp > maxExp)
      return std::copysign(INFINITY, x); // RNE overflows to infinity
    return std::bit_cast<double>(r);
  }
  // Subnormal results, overflow, infinities, NaN: the slow, exact path.
  llvm::APFloat f(x);
  bool losesInfo = false;
  f.convert(sem, llvm::APFloat::rmNearestTiesToEven, &losesInfo);
  return f.convertToDouble();
}

} // namespace

void ref::gemmNaive(const double *a, const double *b, double *c, int64_t m,
                    int64_t n, int64_t k, bool transA, bool transB,
                    bool clearAccum) {
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double acc = clearAccum ? 0.0 : c[i * n + j];
      for (int64_t p = 0; p < k; ++p) {
        double av = transA ? a[p * m + i] : a[i * k + p];
        double bv = transB ? b[j * k + p] : b[p * n + j];
        acc = acc + av * bv;
      }
      c[i * n + j] = acc;
    }
}

void ref::gemm(const double *a, const double *b, double *c, int64_t m,
               int64_t n, int64_t k, bool transA, bool transB,
               bool clearAccum) {
  // 0 + p0 is p0 exactly (and +0 for p0 = -0, as in the naive loop), so a
  // cleared accumulator is a zeroed C accumulated into.
  if (clearAccum)
    std::fill(c, c + m * n, 0.0);
  if (m <= 0 || n <= 0 || k <= 0)
    return;
  // One scratch per thread (the grid may run blocks on several), kept
  // between calls: a tile GEMM is called once per K step of every block.
  thread_local std::vector<double> packed;
  size_t need = size_t(min64(KC, k) * ((min64(NC, n) + NR - 1) / NR) * NR);
  if (packed.size() < need)
    packed.resize(need);
  gemmBlocked(a, b, c, m, n, k, transA, transB, packed.data());
}

double ref::roundToBF16(double x) {
  return roundNormal(x, 7, -126, 127, llvm::APFloat::BFloat());
}

double ref::roundToF16(double x) {
  return roundNormal(x, 10, -14, 15, llvm::APFloat::IEEEhalf());
}
