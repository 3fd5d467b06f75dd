//===- Pipeline.cpp - build_tt_pipeline / run_pipeline --------------------===//

#include "tilett/Transforms/Pipeline.h"
#include "tilett/Transforms/Passes.h"

#include "mlir/Pass/PassRegistry.h"

using namespace mlir;
using namespace mlir::tilett;

std::optional<std::pair<int64_t, int64_t>>
mlir::tilett::parseCoreGrid(StringRef text) {
  text = text.trim();
  size_t sep = text.find_first_of("xX");
  if (sep == StringRef::npos)
    return std::nullopt;
  StringRef xs = text.take_front(sep), ys = text.drop_front(sep + 1);
  int64_t gx, gy;
  if (xs.getAsInteger(10, gx) || ys.getAsInteger(10, gy) || gx <= 0 ||
      gy <= 0)
    return std::nullopt;
  return std::make_pair(gx, gy);
}

std::optional<BlockFactor> mlir::tilett::parseBlockFactor(StringRef text) {
  text = text.trim();
  if (text.empty())
    return BlockFactor{};
  std::optional<std::pair<int64_t, int64_t>> f = parseCoreGrid(text);
  if (!f)
    return std::nullopt;
  return BlockFactor{f->first, f->second};
}

void mlir::tilett::buildTTPipeline(OpPassManager &pm,
                                   const TTPipelineOptions &options) {
  InferTTLayoutOptions layout;
  layout.arch = options.arch;
  layout.coreGrid = options.coreGrid;
  layout.kBlock = options.kBlock;
  layout.blockFactor = options.blockFactor;
  pm.addPass(createInferTTLayout(layout));
  pm.addPass(createPropagateTTLayout());
  pm.addPass(createTTTilesToCoreMap({options.strategy}));
  pm.addPass(createLowerTTTileIntrinsics(
      {options.mathFidelity, options.mathApprox}));
  pm.addPass(createGridToPersistentTT());
}

LogicalResult mlir::tilett::runPipeline(ModuleOp module,
                                        const TTPipelineOptions &options) {
  PassManager pm(module.getContext());
  buildTTPipeline(pm, options);
  return pm.run(module);
}

void mlir::tilett::registerTTPipelines() {
  PassPipelineRegistration<TTPipelineOptions>(
      "tt-pipeline",
      "The five-pass TileLang -> TT-Metalium pipeline (build_tt_pipeline)",
      buildTTPipeline);
}
