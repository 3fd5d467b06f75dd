//===- LowerTTTileIntrinsics.cpp - Tile ops to TT-Metalium intrinsics -----===//
//
// Rewrites the tile operations of each `tl.kernel` body into `tt.thread`
// regions of TT-Metalium kernel calls, in place in the body's control flow.
// The execution model and the per-op lowerings are in Lowering/ (start at
// KernelLowering.h); this file is the pass.
//
//===----------------------------------------------------------------------===//

#include "Lowering/KernelLowering.h"

#include "tilett/Transforms/ComputeConfig.h"
#include "tilett/Transforms/KernelAnalysis.h"
#include "tilett/Transforms/Passes.h"

namespace mlir::tilett {
#define GEN_PASS_DEF_LOWERTTTILEINTRINSICS
#include "tilett/Transforms/Passes.h.inc"
} // namespace mlir::tilett

using namespace mlir;
using namespace mlir::tilett;

namespace mlir::tilett {
namespace {
class LowerTTTileIntrinsics
    : public impl::LowerTTTileIntrinsicsBase<LowerTTTileIntrinsics> {
public:
  using LowerTTTileIntrinsicsBase::LowerTTTileIntrinsicsBase;

  void runOnOperation() final {
    // A bad name is refused before any kernel is rewritten, with the names
    // that would do (the CLI checks its flag too; this covers tilett-opt
    // and pipelines built as text).
    if (!isMathFidelityName(mathFidelity)) {
      getOperation().emitError()
          << "invalid math-fidelity '" << mathFidelity
          << "'; expected LoFi, HiFi2, HiFi3 or HiFi4";
      return signalPassFailure();
    }
    lowering::ComputeChoice choice{mathFidelity, mathApprox};
    if (failed(forEachKernel(getOperation(),
                             [&](func::FuncOp func, tl::KernelOp kernel) {
                               return lowering::KernelLowering(func, kernel,
                                                               choice)
                                   .run();
                             })))
      signalPassFailure();
  }
};
} // namespace
} // namespace mlir::tilett
