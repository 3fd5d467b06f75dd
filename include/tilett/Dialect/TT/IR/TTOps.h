//===- TTOps.h - TT-Metalium kernel-level ops -------------------*- C++ -*-===//
#ifndef TILETT_DIALECT_TT_IR_TTOPS_H
#define TILETT_DIALECT_TT_IR_TTOPS_H

#include "tilett/Dialect/TT/IR/TTAttrs.h"
#include "tilett/Dialect/TT/IR/TTDialect.h"

#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_TYPEDEF_CLASSES
#include "tilett/Dialect/TT/IR/TTOpsTypes.h.inc"

namespace mlir::tilett::tt {

/// The kernel kind an op is placed in: the enclosing tt.thread's kind, else
/// the enclosing function's `tt.kernel_kind`; nullopt when neither is set
/// (the op is not yet assigned to a kernel).
std::optional<KernelKind> getEnclosingKernelKind(Operation *op);

LogicalResult verifyKernelKind(Operation *op, bool wantCompute);

template <typename ConcreteType>
class DataMovementOpTrait
    : public OpTrait::TraitBase<ConcreteType, DataMovementOpTrait> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return verifyKernelKind(op, /*wantCompute=*/false);
  }
};

template <typename ConcreteType>
class ComputeOpTrait : public OpTrait::TraitBase<ConcreteType, ComputeOpTrait> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return verifyKernelKind(op, /*wantCompute=*/true);
  }
};

} // namespace mlir::tilett::tt

#define GET_OP_CLASSES
#include "tilett/Dialect/TT/IR/TTOps.h.inc"

#endif // TILETT_DIALECT_TT_IR_TTOPS_H
