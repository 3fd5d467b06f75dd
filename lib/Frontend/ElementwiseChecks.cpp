//===- ElementwiseChecks.cpp - What element-wise code can lower -----------===//
//
// Element-wise code in a T.Parallel body becomes tile compute, which selects
// only on comparisons of element values. A select on anything else (a loop
// index, `i < n`) would reach the lowering and fail there with a message about
// `arith.select` and `arith.cmpf`; saying so at the T.if_then_else, in the
// script's terms, is what the author can act on.
//
//===----------------------------------------------------------------------===//

#include "Interpreter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace mlir::tilett::frontend;

LogicalResult Interpreter::checkParallelSelect(Value condition,
                                               ast::Pos pos) {
  if (!checkTileCompute || !parallelDepth ||
      condition.getDefiningOp<arith::CmpFOp>())
    return success();
  return emitError(loc(pos))
         << "a T.if_then_else (or `a if c else b`) in a T.Parallel body must "
            "compare element values (such as `x[i, j] > 0`); this condition "
            "compares integers or indices, which Tenstorrent tile compute "
            "cannot select on";
}
