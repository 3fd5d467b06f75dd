//===- TTOps.cpp - TT-Metalium kernel-level ops ---------------------------===//

#include "tilett/Dialect/TT/IR/TTOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::tilett::tt;

std::optional<KernelKind> mlir::tilett::tt::getEnclosingKernelKind(Operation *op) {
  if (auto thread = op->getParentOfType<ThreadOp>())
    return thread.getKind();
  if (auto func = op->getParentOfType<func::FuncOp>())
    if (auto kind = func->getAttrOfType<KernelKindAttr>(
            TTDialect::kKernelKindAttrName))
      return kind.getValue();
  return std::nullopt;
}

LogicalResult mlir::tilett::tt::verifyKernelKind(Operation *op,
                                                 bool wantCompute) {
  std::optional<KernelKind> kind = getEnclosingKernelKind(op);
  if (!kind)
    return success();
  bool isCompute = *kind == KernelKind::Compute;
  if (isCompute == wantCompute)
    return success();
  return op->emitOpError() << "is a "
                           << (wantCompute ? "compute" : "data-movement")
                           << " op but is placed in a "
                           << stringifyKernelKind(*kind) << " kernel";
}

void ThreadOp::build(OpBuilder &builder, OperationState &state,
                     KernelKind kind) {
  state.addAttribute(getKindAttrName(state.name),
                     KernelKindAttr::get(builder.getContext(), kind));
  Region *region = state.addRegion();
  region->push_back(new Block());
}

void DstSectionOp::build(OpBuilder &builder, OperationState &state,
                         int64_t dstTiles) {
  state.addAttribute(getDstTilesAttrName(state.name),
                     builder.getI64IntegerAttr(dstTiles));
  for (int i = 0; i < 2; ++i)
    state.addRegion()->push_back(new Block());
}

#define GET_OP_CLASSES
#include "tilett/Dialect/TT/IR/TTOps.cpp.inc"
