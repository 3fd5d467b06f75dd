//===- TLOps.h - TileLang-level dialect -------------------------*- C++ -*-===//
#ifndef TILETT_DIALECT_TL_IR_TLOPS_H
#define TILETT_DIALECT_TL_IR_TLOPS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "tilett/Dialect/TL/IR/TLOpsDialect.h.inc"
#include "tilett/Dialect/TL/IR/TLOpsEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "tilett/Dialect/TL/IR/TLOpsAttrs.h.inc"

namespace mlir::tilett::tl {
/// The memory space of a buffer type, if it is block-local.
std::optional<MemorySpace> getMemorySpace(Type type);
/// True for statically shaped memrefs in the shared or fragment space.
bool isLocalBuffer(Type type);
/// True for memrefs without a tl memory space (global tensors).
bool isGlobalBuffer(Type type);
/// Name of the attribute that names a buffer: on a kernel function's
/// argument (`{tl.name = "A"}`) or on a tl.alloc_* op.
constexpr llvm::StringLiteral kBufferNameAttr = "tl.name";
/// The user-facing name of a buffer value: its `tl.name`, else `arg<i>` for
/// a function argument and `<shared|fragment><i>` for an allocation (i
/// counting allocations of the kernel in order).
std::string getBufferName(Value buffer);
} // namespace mlir::tilett::tl

#define GET_OP_CLASSES
#include "tilett/Dialect/TL/IR/TLOps.h.inc"

#endif // TILETT_DIALECT_TL_IR_TLOPS_H
