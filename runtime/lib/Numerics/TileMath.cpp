// The FPU's tile math: source-register rounding, multiplier fidelity passes,
// matmul and element-wise multiply into DST.
#include "ttemu/numerics.h"

#include <array>
#include <bit>
#include <cmath>

namespace ttemu::num {

namespace {

/// roundToFormat(f, Float16_b, rounding), inlined for the tile loops (same
/// bit manipulation as floatToBf16 followed by bf16ToFloat).
inline float roundBf16(float f, Rounding rounding) {
  uint32_t u = floatBits(f);
  uint32_t sign = u & 0x80000000u;
  uint32_t mag = u & 0x7FFFFFFFu;
  if (mag > 0x7F800000u) // NaN
    return bitsToFloat(sign | 0x7FC00000u);
  uint32_t kept = mag >> 16, rest = mag & 0xFFFFu;
  if (rounding == Rounding::NearestAway)
    kept += rest >= 0x8000u;
  else if (rounding == Rounding::NearestEven)
    kept += rest > 0x8000u || (rest == 0x8000u && (kept & 1));
  return bitsToFloat(sign | (kept << 16));
}

inline float roundDst(const DstFormat &dst, float f) {
  if (dst.fmt == DataFormat::Float32)
    return f;
  if (dst.fmt == DataFormat::Float16_b)
    return roundBf16(f, dst.rounding);
  return roundToFormat(f, dst.fmt, dst.rounding);
}

} // namespace

float DstFormat::round(double v) const {
  return roundDst(*this, static_cast<float>(v));
}

uint32_t fidelityPhases(MathFidelity fidelity) {
  switch (fidelity) {
  case MathFidelity::LoFi:
    return 1;
  case MathFidelity::HiFi2:
    return 2;
  case MathFidelity::HiFi3:
    return 3;
  case MathFidelity::HiFi4:
    return 4;
  }
  return 4;
}

namespace {

/// Significand masks of the multiplier passes (see fidelityPart).
constexpr uint32_t kMaskAHi = 0x7C0u, kMaskALo = 0x03Fu;
constexpr uint32_t kMaskBHi = 0x7F0u, kMaskBLo = 0x00Fu;

uint32_t partMask(uint32_t phase, bool isSrcA) {
  if (isSrcA)
    return (phase == 0 || phase == 2) ? kMaskAHi : kMaskALo;
  return phase <= 1 ? kMaskBHi : kMaskBLo;
}

/// fidelityPart for a finite value: (sig & mask) * 2^(exp - 137), built
/// without ldexp. Exact: an at most 11-bit integer times a power of two that
/// is a normal double (exp >= 1 gives 2^-136).
inline double finitePart(uint32_t u, uint32_t mask) {
  uint32_t exp = (u >> 23) & 0xFF;
  if (exp == 0)
    return 0.0;
  uint32_t sig = ((u >> 13) & 0x3FF) | 0x400;
  double scale = std::bit_cast<double>(uint64_t(exp + 1023 - 137) << 52);
  double part = double(sig & mask) * scale;
  return (u >> 31) ? -part : part;
}

} // namespace

double fidelityPart(float srcValue, uint32_t phase, bool isSrcA) {
  return finitePart(floatBits(srcValue), partMask(phase, isSrcA));
}

namespace {

/// Row-major parts of a face-order tile for one multiplier pass.
using Plane = std::array<double, kTileElems>;

/// An Inf or NaN operand takes part, whole, in pass 0 only, so that e.g.
/// Inf * 1.0 does not also produce 0 * Inf = NaN in a later pass.
void splitPlane(const float *tile, uint32_t phase, bool isSrcA, bool transpose,
                Plane &out) {
  uint32_t mask = partMask(phase, isSrcA);
  // Walk the tile in face order (contiguous reads) and scatter row-major.
  for (uint32_t f = 0; f < 4; ++f)
    for (uint32_t fr = 0; fr < kFaceRows; ++fr)
      for (uint32_t fc = 0; fc < kFaceCols; ++fc) {
        uint32_t r = (f / 2) * kFaceRows + fr, c = (f % 2) * kFaceCols + fc;
        float v = tile[f * kFaceElems + fr * kFaceCols + fc];
        uint32_t u = floatBits(v);
        bool special = ((u >> 23) & 0xFF) == 0xFF;
        double part = finitePart(u, mask);
        if (special)
          part = phase == 0 ? double(v) : 0.0;
        out[transpose ? c * kTileCols + r : r * kTileCols + c] = part;
      }
}

} // namespace

/// Where the host CPU has AVX2+FMA, the dot-product kernel is also compiled
/// for it and picked at load time; its results are the same (see below).
#if defined(__x86_64__) && defined(__ELF__) && defined(__clang__)
#define TTEMU_MULTIVERSION __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define TTEMU_MULTIVERSION
#endif

namespace {

/// dot(i, j) = sum_{k in [k0, k0+16)} ap(i, k) * bp(k, j), k ascending, for
/// all i, j of the tile, into row-major `dot`.
TTEMU_MULTIVERSION
void halfDots(const double *__restrict ap, const double *__restrict bp,
              uint32_t k0, double *__restrict dot) {
  for (uint32_t i = 0; i < kTileRows; ++i) {
    double acc[kTileCols] = {}; // a local row: no aliasing, stays in registers
    for (uint32_t k = k0; k < k0 + 16; ++k) {
      double aik = ap[i * kTileCols + k];
      const double *brow = bp + k * kTileCols;
#pragma clang loop vectorize(enable)
      for (uint32_t j = 0; j < kTileCols; ++j)
        acc[j] += aik * brow[j];
    }
    for (uint32_t j = 0; j < kTileCols; ++j)
      dot[i * kTileCols + j] = acc[j];
  }
}

} // namespace

void matmulTile(const float *a, const float *b, float *c, MathFidelity fidelity,
                const DstFormat &dst, bool transposeB) {
  // Each pass p, for each 16-deep half of the inner dimension, computes
  //   dot(i, j) = sum_k A_p(i, k) * B_p(k, j)    (k ascending, in double)
  // and sets C(i, j) = round_dst(C + float(dot)). The loops below run in
  // i-k-j order so that the j loop is contiguous and vectorises; every
  // dot(i, j) still sums its 16 products in ascending k from +0.0, so the
  // result is bit-identical to the naive i-j-k loop. The products themselves
  // are exact (two <= 11-bit significands, exponents far inside double's
  // range), so an FMA-contracted `dot += a * b` rounds exactly like the
  // separate multiply and add.
  static thread_local Plane ap, bp, dots;
  uint32_t phases = fidelityPhases(fidelity);
  for (uint32_t phase = 0; phase < phases; ++phase) {
    // B's pass-2 and pass-3 planes (B.lo) are the same.
    splitPlane(a, phase, /*isSrcA=*/true, false, ap);
    if (phase != 3)
      splitPlane(b, phase, /*isSrcA=*/false, transposeB, bp);
    for (uint32_t half = 0; half < 2; ++half) {
      halfDots(ap.data(), bp.data(), half * 16, dots.data());
      for (uint32_t i = 0; i < kTileRows; ++i) {
        const double *dot = dots.data() + i * kTileCols;
        // Row i of the tile is two contiguous 16-float face rows.
        float *crow0 = c + faceOrderIndex(i, 0);
        float *crow1 = c + faceOrderIndex(i, kFaceCols);
        float sum[kTileCols];
        for (uint32_t j = 0; j < kFaceCols; ++j) {
          sum[j] = static_cast<float>(double(crow0[j]) +
                                      double(static_cast<float>(dot[j])));
          sum[j + kFaceCols] = static_cast<float>(
              double(crow1[j]) + double(static_cast<float>(dot[j + kFaceCols])));
        }
        for (uint32_t j = 0; j < kFaceCols; ++j) {
          crow0[j] = roundDst(dst, sum[j]);
          crow1[j] = roundDst(dst, sum[j + kFaceCols]);
        }
      }
    }
  }
}

void mulTile(const float *a, const float *b, float *c, MathFidelity fidelity,
             const DstFormat &dst) {
  uint32_t phases = fidelityPhases(fidelity);
  for (uint32_t i = 0; i < kTileElems; ++i) {
    uint32_t ua = floatBits(a[i]), ub = floatBits(b[i]);
    if (((ua >> 23) & 0xFF) == 0xFF || ((ub >> 23) & 0xFF) == 0xFF) {
      c[i] = dst.round(double(a[i]) * double(b[i]));
      continue;
    }
    double acc = 0.0;
    for (uint32_t phase = 0; phase < phases; ++phase) {
      double p = finitePart(ua, partMask(phase, true)) *
                 finitePart(ub, partMask(phase, false));
      acc = roundDst(dst, static_cast<float>(acc + double(static_cast<float>(p))));
    }
    c[i] = static_cast<float>(acc);
  }
}

} // namespace ttemu::num
