//===- ComputeConfig.h - Math fidelity and approximate SFPU mode -*- C++ -*-===//
//
// The compute kernels' ComputeConfig choices a user makes: the multiplier
// fidelity (how many of the four partial-product passes the FPU runs; fewer
// is faster and drops low mantissa bits) and the approximate SFPU mode. The
// defaults (HiFi4, exact) keep the numerics of a program that chooses
// nothing. A kernel function's own `tt.compute_config` annotation wins over
// the pipeline option; the lowering records the result there and the runtime
// plan copies it into the compute kernel's entry.
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_TRANSFORMS_COMPUTECONFIG_H
#define TILETT_TRANSFORMS_COMPUTECONFIG_H

#include "tilett/Dialect/TT/IR/TTAttrs.h"

#include "llvm/ADT/StringRef.h"

namespace mlir::tilett {

/// Attribute on a kernel function: {fp32_dest_acc_en, math_fidelity,
/// math_approx_mode}.
inline constexpr llvm::StringLiteral kComputeConfigAttrName =
    "tt.compute_config";

inline constexpr llvm::StringLiteral kDefaultMathFidelity = "HiFi4";

/// True for TT-Metalium's MathFidelity names (the tt dialect's enum).
inline bool isMathFidelityName(llvm::StringRef name) {
  return tt::symbolizeMathFidelity(name).has_value();
}

} // namespace mlir::tilett

#endif // TILETT_TRANSFORMS_COMPUTECONFIG_H
