//===- Pipeline.h - build_tt_pipeline / run_pipeline ------------*- C++ -*-===//
#ifndef TILETT_TRANSFORMS_PIPELINE_H
#define TILETT_TRANSFORMS_PIPELINE_H

#include "tilett/Transforms/PipelineOptions.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::tilett {

/// Options of `--tt-pipeline` and of `buildTTPipeline` (PipelineOptions.h).
struct TTPipelineOptions : public PassPipelineOptions<TTPipelineOptions>,
                           public PipelineOptionList<StructOption> {
  TTPipelineOptions()
      : PipelineOptionList(static_cast<detail::PassOptions &>(*this)) {}
};

/// Appends the five passes, in order, to `pm` (build_tt_pipeline).
void buildTTPipeline(OpPassManager &pm, const TTPipelineOptions &options);

/// Runs the pipeline on `module` (run_pipeline); diagnostics go to the
/// module's context.
LogicalResult runPipeline(ModuleOp module,
                          const TTPipelineOptions &options = {});

void registerTTPipelines();

} // namespace mlir::tilett

#endif // TILETT_TRANSFORMS_PIPELINE_H
