// The FPU's tile math: source-register rounding, multiplier fidelity passes,
// matmul and element-wise multiply into DST.
#include "ttemu/numerics.h"

#include <array>
#include <cmath>

namespace ttemu::num {

float toSrcRegister(float value) {
  uint32_t u = floatBits(value);
  uint32_t exp = (u >> 23) & 0xFF;
  if (exp == 0)
    return bitsToFloat(u & 0x80000000u); // zero or denormal -> signed zero
  if (exp == 0xFF)
    return value;
  return bitsToFloat(u & 0xFFFFE000u); // keep 10 mantissa bits
}

float DstFormat::round(double v) const {
  float f = static_cast<float>(v);
  if (fmt == DataFormat::Float32)
    return f;
  return roundToFormat(f, fmt, rounding);
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

double fidelityPart(float srcValue, uint32_t phase, bool isSrcA) {
  uint32_t u = floatBits(srcValue);
  uint32_t exp = (u >> 23) & 0xFF;
  if (exp == 0)
    return 0.0;
  uint32_t sig = ((u >> 13) & 0x3FF) | 0x400; // 11-bit significand
  bool high = isSrcA ? (phase == 0 || phase == 2) : (phase <= 1);
  uint32_t mask = isSrcA ? (high ? 0x7C0u : 0x03Fu) : (high ? 0x7F0u : 0x00Fu);
  double part = std::ldexp(double(sig & mask), int(exp) - 127 - 10);
  return (u >> 31) ? -part : part;
}

namespace {

/// Row-major parts of a face-order tile for one multiplier pass.
using Plane = std::array<double, kTileElems>;

void splitPlane(const float *tile, uint32_t phase, bool isSrcA, bool transpose,
                Plane &out) {
  for (uint32_t r = 0; r < kTileRows; ++r)
    for (uint32_t c = 0; c < kTileCols; ++c) {
      float v = transpose ? tile[faceOrderIndex(c, r)] : tile[faceOrderIndex(r, c)];
      out[r * kTileCols + c] = std::isfinite(v)
                                   ? fidelityPart(v, phase, isSrcA)
                                   : (phase == 0 ? double(v) : 0.0);
    }
}

bool finite(float v) { return std::isfinite(v); }

} // namespace

void matmulTile(const float *a, const float *b, float *c, MathFidelity fidelity,
                const DstFormat &dst, bool transposeB) {
  // An Inf or NaN operand makes the full product take part in pass 0 only, so
  // that e.g. Inf * 1.0 does not also produce 0 * Inf = NaN in a later pass.
  static thread_local Plane ap, bp;
  uint32_t phases = fidelityPhases(fidelity);
  for (uint32_t phase = 0; phase < phases; ++phase) {
    splitPlane(a, phase, /*isSrcA=*/true, false, ap);
    splitPlane(b, phase, /*isSrcA=*/false, transposeB, bp);
    for (uint32_t half = 0; half < 2; ++half)
      for (uint32_t i = 0; i < kTileRows; ++i)
        for (uint32_t j = 0; j < kTileCols; ++j) {
          double dot = 0.0;
          for (uint32_t k = half * 16; k < half * 16 + 16; ++k)
            dot += ap[i * kTileCols + k] * bp[k * kTileCols + j];
          float &out = c[faceOrderIndex(i, j)];
          out = dst.round(double(out) + double(static_cast<float>(dot)));
        }
  }
}

void mulTile(const float *a, const float *b, float *c, MathFidelity fidelity,
             const DstFormat &dst) {
  uint32_t phases = fidelityPhases(fidelity);
  for (uint32_t i = 0; i < kTileElems; ++i) {
    if (!finite(a[i]) || !finite(b[i])) {
      c[i] = dst.round(double(a[i]) * double(b[i]));
      continue;
    }
    double acc = 0.0;
    for (uint32_t phase = 0; phase < phases; ++phase) {
      double p = fidelityPart(a[i], phase, true) * fidelityPart(b[i], phase, false);
      acc = dst.round(acc + double(static_cast<float>(p)));
    }
    c[i] = static_cast<float>(acc);
  }
}

} // namespace ttemu::num
