//===- TLInterpreter.h - Reference interpreter of the tl dialect -*- C++ -*-===//
//
// Executes a kernel function (a func.func whose body holds one tl.kernel) on
// host tensors, block by block, in double precision. `tilett run` compares
// the emulator's results against it.
//
// Rounding model (see docs/tenstorrent/RUNNING.md): the caller rounds inputs
// to their element types; the interpreter computes every value in fp64 and
// rounds only when a value is stored to a global buffer (tl.copy to a global
// or memref.store into one), to that buffer's element type. Block-local
// buffers hold unrounded doubles, whatever their declared element type.
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_RUNNER_TLINTERPRETER_H
#define TILETT_RUNNER_TLINTERPRETER_H

#include "tilett/Runner/HostTensor.h"

#include "mlir/IR/Types.h"
#include "mlir/Support/LLVM.h"

namespace mlir::func {
class FuncOp;
} // namespace mlir::func

namespace mlir::tilett::runner {

/// Rounds `value` to the value set of `elementType`: bf16 / f16 / f32 round to
/// nearest even, f64 is exact, integers truncate toward zero (and wrap to
/// their width). Other types are returned unchanged.
double roundToElementType(double value, Type elementType);

/// The HostTensor kind that holds every value of `elementType` exactly:
/// its own width for f32, bf16, f16 and i32, F64 for every other type.
HostElementKind hostKindOf(Type elementType);

/// Runs `kernel` over every block of its tl.kernel grid. `args` holds one
/// tensor per function argument, with the argument's shape; global buffers
/// are read from and written to it in place (stores rounded to the
/// argument's element type). On unsupported IR or an out-of-range access to a
/// block-local buffer, emits an error at the offending op and fails.
///
/// Blocks run on up to `threads` host threads (0: one per host core) when
/// blocksAreIndependent() proves their order cannot matter; the results are
/// then the serial ones, bit for bit.
LogicalResult interpretKernel(func::FuncOp kernel,
                              MutableArrayRef<HostTensor> args,
                              unsigned threads = 0);

} // namespace mlir::tilett::runner

#endif // TILETT_RUNNER_TLINTERPRETER_H
