//===- ElementwiseChecks.cpp - What element-wise code can lower -----------===//
//
// Element-wise code in a T.Parallel body becomes tile compute, which selects
// only on comparisons of element values and computes in floating point only.
// Anything else (a select on a loop index, `i < n`; int32 arithmetic) would
// reach the lowering and fail there with a message about arith ops the
// author never wrote; saying so at the T.if_then_else or operator, in the
// script's terms, is what the author can act on.
//
//===----------------------------------------------------------------------===//

#include "Interpreter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace mlir::tilett::frontend;

LogicalResult Interpreter::checkParallelSelect(Value condition, ast::Pos pos) {
  if (!checkTileCompute || !parallelDepth ||
      condition.getDefiningOp<arith::CmpFOp>())
    return success();
  return emitError(loc(pos))
         << "a T.if_then_else (or `a if c else b`) in a T.Parallel body must "
            "compare element values (such as `x[i, j] > 0`); this condition "
            "compares integers or indices, which Tenstorrent tile compute "
            "cannot select on";
}

LogicalResult Interpreter::checkParallelIntegerMath(StringRef op, Type type,
                                                    ast::Pos pos) {
  // Index arithmetic (block and loop indices) addresses elements and is
  // fine; i1 is a comparison result, left to the select check.
  auto intType = dyn_cast<IntegerType>(type);
  if (!checkTileCompute || !parallelDepth || !intType ||
      intType.getWidth() == 1)
    return success();
  return emitError(loc(pos))
         << "'" << op << "' on " << dtypeName(type)
         << " values in a T.Parallel body: Tenstorrent tile compute works in "
            "float16, bfloat16 or float32 only, so give these buffers a "
            "float dtype";
}
