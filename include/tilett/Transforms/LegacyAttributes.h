//===- LegacyAttributes.h - Upgrade the original backend's attributes -*- C++
//-*-===//
//
// The original TileLang-TT backend spelled its metadata differently
// (`tt.grid`, `tt.runtime_args`, `tt_buffer_<name>_layout`, ...). InferTTLayout
// calls `upgradeLegacyAttributes` first so every later stage sees only the
// `tt.*` attributes of DESIGN.md.
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_TRANSFORMS_LEGACYATTRIBUTES_H
#define TILETT_TRANSFORMS_LEGACYATTRIBUTES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/LLVM.h"

namespace mlir::tilett {

/// Rewrites the legacy attributes of `func` into their `tt.*` equivalents,
/// with a warning per upgraded attribute. Fails (after emitting an error
/// naming both) when a legacy attribute disagrees with a new one.
LogicalResult upgradeLegacyAttributes(func::FuncOp func);

/// The legacy attribute names `upgradeLegacyAttributes` understands, for
/// documentation checks (`tt_buffer_<name>_layout` stands for the family).
ArrayRef<StringRef> getLegacyAttributeNames();

} // namespace mlir::tilett

#endif // TILETT_TRANSFORMS_LEGACYATTRIBUTES_H
