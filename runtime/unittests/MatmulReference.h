//===- MatmulReference.h - Frozen scalar reference of the FPU matmul ------===//
//
// The straightforward form of ttemu::num::matmulTile, frozen, and the bit
// comparison of tiles the tests hold it to. Per element,
// per multiplier pass, per 16-deep half of K, the 16 exact products of the
// passes' significand parts summed in double in ascending k from +0.0,
// rounded to fp32, added to C and rounded to the DST. Inf/NaN take part
// whole in pass 0 only. The numerics tests hold every fast path to it bit
// for bit.
//
//===----------------------------------------------------------------------===//
#ifndef TTEMU_UNITTESTS_MATMULREFERENCE_H
#define TTEMU_UNITTESTS_MATMULREFERENCE_H

#include "ttemu/numerics.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

namespace ttemu::num::testref {

inline double refFidelityPart(float srcValue, uint32_t phase, bool isSrcA) {
  uint32_t u = floatBits(srcValue);
  uint32_t exp = (u >> 23) & 0xFF;
  if (exp == 0)
    return 0.0;
  uint32_t sig = ((u >> 13) & 0x3FF) | 0x400;
  bool high = isSrcA ? (phase == 0 || phase == 2) : (phase <= 1);
  uint32_t mask = isSrcA ? (high ? 0x7C0u : 0x03Fu) : (high ? 0x7F0u : 0x00Fu);
  double part = std::ldexp(double(sig & mask), int(exp) - 127 - 10);
  return (u >> 31) ? -part : part;
}

inline float refRound(const DstFormat &dst, double v) {
  float f = static_cast<float>(v);
  if (dst.fmt == DataFormat::Float32)
    return f;
  return roundToFormat(f, dst.fmt, dst.rounding);
}

using Plane = std::array<double, kTileElems>;

inline void refSplitPlane(const float *tile, uint32_t phase, bool isSrcA,
                   bool transpose, Plane &out) {
  for (uint32_t r = 0; r < kTileRows; ++r)
    for (uint32_t c = 0; c < kTileCols; ++c) {
      float v = transpose ? tile[faceOrderIndex(c, r)] : tile[faceOrderIndex(r, c)];
      out[r * kTileCols + c] = std::isfinite(v)
                                   ? refFidelityPart(v, phase, isSrcA)
                                   : (phase == 0 ? double(v) : 0.0);
    }
}

inline void matmulTileReference(const float *a, const float *b, float *c,
                         MathFidelity fidelity, const DstFormat &dst,
                         bool transposeB) {
  Plane ap, bp;
  uint32_t phases = fidelityPhases(fidelity);
  for (uint32_t phase = 0; phase < phases; ++phase) {
    refSplitPlane(a, phase, true, false, ap);
    refSplitPlane(b, phase, false, transposeB, bp);
    for (uint32_t half = 0; half < 2; ++half)
      for (uint32_t i = 0; i < kTileRows; ++i)
        for (uint32_t j = 0; j < kTileCols; ++j) {
          double dot = 0.0;
          for (uint32_t k = half * 16; k < half * 16 + 16; ++k)
            dot += ap[i * kTileCols + k] * bp[k * kTileCols + j];
          float &out = c[faceOrderIndex(i, j)];
          out = refRound(dst, double(out) + double(static_cast<float>(dot)));
        }
  }
}

/// Bit equality of two tiles; any two NaNs are equal (the payload of a NaN
/// produced from two NaN operands is not specified by C++).
inline ::testing::AssertionResult sameTiles(const std::vector<float> &got,
                                            const std::vector<float> &want) {
  for (uint32_t i = 0; i < kTileElems; ++i) {
    if (std::isnan(got[i]) && std::isnan(want[i]))
      continue;
    if (floatBits(got[i]) != floatBits(want[i]))
      return ::testing::AssertionFailure()
             << "element " << i << ": got " << got[i] << " (0x" << std::hex
             << floatBits(got[i]) << "), want " << want[i] << " (0x"
             << floatBits(want[i]) << ")";
  }
  return ::testing::AssertionSuccess();
}

} // namespace ttemu::num::testref

#endif // TTEMU_UNITTESTS_MATMULREFERENCE_H
