//===- Pipeline.cpp - build_tt_pipeline / run_pipeline --------------------===//

#include "tilett/Transforms/Pipeline.h"
#include "tilett/Target/Metalium/RuntimePlan.h"
#include "tilett/Transforms/Passes.h"

#include "mlir/Pass/PassRegistry.h"

using namespace mlir;
using namespace mlir::tilett;

void mlir::tilett::buildTTPipeline(OpPassManager &pm,
                                   const TTPipelineOptions &options) {
  pm.addPass(createInferTTLayout({options.arch, options.coreGrid, options.kBlock}));
  pm.addPass(createPropagateTTLayout());
  pm.addPass(createTTTilesToCoreMap({options.strategy}));
  pm.addPass(createLowerTTTileIntrinsics(
      {options.mathFidelity, options.mathApprox}));
  pm.addPass(createGridToPersistentTT());
}

LogicalResult mlir::tilett::runPipeline(ModuleOp module, StringRef planPath,
                                        const TTPipelineOptions &options) {
  PassManager pm(module.getContext());
  buildTTPipeline(pm, options);
  if (failed(pm.run(module)))
    return failure();
  if (planPath.empty())
    return success();
  llvm::Expected<llvm::json::Object> plan = buildRuntimePlan(module);
  if (!plan)
    return module.emitError() << "cannot build the runtime plan: "
                              << llvm::toString(plan.takeError());
  // A plan that fails validation would only fail later, on the host.
  std::vector<std::string> errors =
      validateRuntimePlan(llvm::json::Value(llvm::json::Object(*plan)));
  if (!errors.empty()) {
    InFlightDiagnostic diag = module.emitError()
                              << "the runtime plan is invalid";
    for (const std::string &error : errors)
      diag.attachNote() << error;
    return failure();
  }
  return writeRuntimePlan(*plan, planPath);
}

void mlir::tilett::registerTTPipelines() {
  PassPipelineRegistration<TTPipelineOptions>(
      "tt-pipeline",
      "The five-pass TileLang -> TT-Metalium pipeline (build_tt_pipeline)",
      buildTTPipeline);
}
