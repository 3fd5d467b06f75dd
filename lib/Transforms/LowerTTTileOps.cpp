//===- LowerTTTileOps.cpp - Tile ops to TT-Metalium intrinsics ------------===//
//
// Rewrites the tile operations of each `tl.kernel` body into `tt.thread`
// regions of TT-Metalium kernel calls, in place in the body's control flow,
// with each use of DST as a `tt.dst_section`. The execution model and the
// per-op lowerings are in Lowering/ (start at KernelLowering.h); this file
// is the pass.
//
//===----------------------------------------------------------------------===//

#include "Lowering/KernelLowering.h"

#include "tilett/Transforms/ComputeConfig.h"
#include "tilett/Transforms/KernelAnalysis.h"
#include "tilett/Transforms/Passes.h"

namespace mlir::tilett {
#define GEN_PASS_DEF_LOWERTTTILEOPS
#include "tilett/Transforms/Passes.h.inc"
} // namespace mlir::tilett

using namespace mlir;
using namespace mlir::tilett;

namespace mlir::tilett {
namespace {
class LowerTTTileOps : public impl::LowerTTTileOpsBase<LowerTTTileOps> {
public:
  using LowerTTTileOpsBase::LowerTTTileOpsBase;

  void runOnOperation() final {
    // The lowering records the name, the spelling of tt.compute_config.
    lowering::ComputeChoice choice{
        tt::stringifyMathFidelity(mathFidelity).str(), mathApprox};
    if (failed(forEachKernel(
            getOperation(), [&](func::FuncOp func, tl::KernelOp kernel) {
              return lowering::KernelLowering(func, kernel, choice).run();
            })))
      signalPassFailure();
  }
};
} // namespace
} // namespace mlir::tilett
