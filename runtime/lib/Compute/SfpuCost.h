// Which cost class an SFPU op falls in, kept apart from the SFPU numerics so
// that the cost model can change without touching them (COST_MODEL.md,
// "SFPU").
#pragma once

#include "api/compute/emu/compute_emu.h"
#include "ttemu/kernel_context.h"

namespace ttemu::compute::detail {

inline CostOp sfpuCostOp(SfpuOp op, bool approx) {
  switch (op) {
  // Transcendentals: a polynomial or table in approximate mode, more terms
  // or Newton steps otherwise.
  case SfpuOp::Exp:
  case SfpuOp::Exp2:
  case SfpuOp::Expm1:
  case SfpuOp::Recip:
  case SfpuOp::Sqrt:
  case SfpuOp::Rsqrt:
  case SfpuOp::Sigmoid:
  case SfpuOp::Gelu:
  case SfpuOp::Tanh:
  case SfpuOp::Log:
  case SfpuOp::Log1p:
  case SfpuOp::Silu:
  case SfpuOp::Sin:
  case SfpuOp::Cos:
  case SfpuOp::Erf:
    return approx ? CostOp::SfpuApproxTile : CostOp::SfpuPreciseTile;
  default:
    return CostOp::SfpuSimpleTile;
  }
}

} // namespace ttemu::compute::detail
