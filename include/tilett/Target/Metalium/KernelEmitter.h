//===- KernelEmitter.h - EmitC kernel functions to TT-Metalium C++ -*- C++ -*-===//
#ifndef TILETT_TARGET_METALIUM_KERNELEMITTER_H
#define TILETT_TARGET_METALIUM_KERNELEMITTER_H

#include "tilett/Conversion/TTToEmitC/TTToEmitC.h"
#include "tilett/Dialect/TT/IR/TTOps.h"

#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/Support/LLVM.h"

#include <string>

namespace mlir::tilett::metalium {

/// The header that declares `callee` in the given API layout, for a
/// data-movement (`compute` false) or compute kernel; nullopt for callees
/// the table does not know (the emitter then reports them).
std::optional<StringRef> getKernelHeader(StringRef callee, bool compute,
                                         MetalApi api);

/// The file a kernel of `kind` is written to: reader.cpp, compute.cpp or
/// writer.cpp.
StringRef getKernelFileName(tt::KernelKind kind);

/// Prints one converted kernel (an emitc.func carrying `tt.kernel_kind`, the
/// output of convert-tt-to-emitc) as a TT-Metalium kernel source: a header
/// comment naming the source function and tilett version, the includes its
/// calls need, and the body as `void kernel_main()` (or, for a legacy
/// compute kernel, `namespace NAMESPACE { void MAIN { ... } }`). Errors are
/// reported at the function.
LogicalResult emitKernel(emitc::FuncOp func, MetalApi api, raw_ostream &os);

} // namespace mlir::tilett::metalium

#endif // TILETT_TARGET_METALIUM_KERNELEMITTER_H
