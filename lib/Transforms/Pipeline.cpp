//===- Pipeline.cpp - build_tt_pipeline / run_pipeline --------------------===//

#include "tilett/Transforms/Pipeline.h"
#include "tilett/Transforms/Passes.h"

#include "mlir/Pass/PassRegistry.h"

using namespace mlir;
using namespace mlir::tilett;

void mlir::tilett::buildTTPipeline(OpPassManager &pm,
                                   const TTPipelineOptions &options) {
  pm.addPass(createInferTTLayout({options.arch, options.coreGrid}));
  pm.addPass(createPropagateTTLayout());
  pm.addPass(createTTTilesToCoreMap({options.strategy}));
  pm.addPass(createLowerTTTileIntrinsics());
  pm.addPass(createGridToPersistentTT());
}

LogicalResult mlir::tilett::runPipeline(ModuleOp module, StringRef planPath,
                                        const TTPipelineOptions &options) {
  PassManager pm(module.getContext());
  buildTTPipeline(pm, options);
  if (failed(pm.run(module)))
    return failure();
  (void)planPath; // The plan writer lands with Target/Metalium.
  return success();
}

void mlir::tilett::registerTTPipelines() {
  PassPipelineRegistration<TTPipelineOptions>(
      "tt-pipeline",
      "The five-pass TileLang -> TT-Metalium pipeline (build_tt_pipeline)",
      buildTTPipeline);
}
