//===- LowerTTTileIntrinsics.cpp - Tile ops to TT-Metalium intrinsics -----===//
//
// The fourth stage of the five-pass pipeline keeps its name, its options and
// its place, and is a pipeline of passes with one job each (Passes.td):
// tt-lower-tile-ops, tt-insert-dst-sync, tt-hoist-compute-inits. It runs
// them as a dynamic pipeline on its module, so that IR printing and timing
// show each of them.
//
//===----------------------------------------------------------------------===//

#include "tilett/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"

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
    OpPassManager pm(ModuleOp::getOperationName());
    pm.addPass(
        createLowerTTTileOps(LowerTTTileOpsOptions{mathFidelity, mathApprox}));
    pm.addPass(createInsertDstSync());
    pm.addPass(createHoistComputeInits());
    if (failed(runPipeline(pm, getOperation())))
      signalPassFailure();
  }
};
} // namespace
} // namespace mlir::tilett
