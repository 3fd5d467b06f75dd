//===- PermuteGlobals.h - Dim orders for middle-dim windows -*- C++ -*-===//
//
// Tensix cores move whole 32x32 tiles of a tensor's last two dims, and the
// lowering reads a tl.copy window as the local buffer's shape laid over the
// global tensor's trailing dims. A TileLang script for a BSHD tensor copies
// Q[b, rows, h, :]: the window spans dims 1 and 3 (`window_dims`). Such a
// tensor is held on the device in another dim order, one that puts the
// spanned dims last (BSHD -> BHSD); the host permutes the tensor when it
// tilizes it and back when it untilizes (HostPlan.h). Here the argument's
// type becomes the permuted shape, each copy's offsets follow, and the
// order is recorded as the argument's `tt.dim_order` for the plan.
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_TRANSFORMS_PERMUTEGLOBALS_H
#define TILETT_TRANSFORMS_PERMUTEGLOBALS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::tilett {

/// Permutes every global argument of `func` that a tl.copy with
/// `window_dims` reads or writes (see above) and drops the attribute. One
/// order must suit every copy of a tensor: copies whose windows need
/// different orders, or a use other than a tl.copy, are an error at the
/// copy (or use), with a note at the copy that chose the order.
LogicalResult permuteGlobals(func::FuncOp func);

} // namespace mlir::tilett

#endif // TILETT_TRANSFORMS_PERMUTEGLOBALS_H
