//===- Pipeline.h - build_tt_pipeline / run_pipeline ------------*- C++ -*-===//
#ifndef TILETT_TRANSFORMS_PIPELINE_H
#define TILETT_TRANSFORMS_PIPELINE_H

#include "mlir/IR/BuiltinOps.h"
#include "tilett/Transforms/ComputeConfig.h"
#include "tilett/Transforms/WidenKSteps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::tilett {

/// Options of `--tt-pipeline` and of `buildTTPipeline`.
struct TTPipelineOptions : public PassPipelineOptions<TTPipelineOptions> {
  Option<std::string> arch{*this, "arch",
                           llvm::cl::desc("wormhole_b0 or blackhole"),
                           llvm::cl::init("wormhole_b0")};
  Option<std::string> coreGrid{
      *this, "core-grid",
      llvm::cl::desc("worker grid GXxGY (default: the arch's grid)"),
      llvm::cl::init("")};
  Option<std::string> strategy{
      *this, "strategy",
      llvm::cl::desc("auto, contiguous, block_2d, owner_computes or cyclic_2d"),
      llvm::cl::init("auto")};
  Option<int64_t> kBlock{
      *this, "k-block",
      llvm::cl::desc("K tiles a widened pipelined GEMM step may cover "
                     "(1: keep each step as written)"),
      llvm::cl::init(kDefaultKBlockTiles)};
  // Strings, as `strategy`: LowerTTTileIntrinsics checks the name and says
  // which ones it takes (ComputeConfig.h).
  Option<std::string> mathFidelity{
      *this, "math-fidelity",
      llvm::cl::desc("LoFi, HiFi2, HiFi3 or HiFi4 (default: HiFi4, exact "
                     "products); a kernel's tt.compute_config wins"),
      llvm::cl::init(kDefaultMathFidelity.str())};
  Option<bool> mathApprox{
      *this, "math-approx",
      llvm::cl::desc("Approximate SFPU functions (math_approx_mode); a "
                     "kernel's tt.compute_config wins"),
      llvm::cl::init(false)};
};

/// Appends the five passes, in order, to `pm` (build_tt_pipeline).
void buildTTPipeline(OpPassManager &pm, const TTPipelineOptions &options);

/// Runs the pipeline on `module` and, when `planPath` is not empty, writes
/// the runtime plan there atomically (run_pipeline). Diagnostics go to the
/// module's context.
LogicalResult runPipeline(ModuleOp module, StringRef planPath,
                          const TTPipelineOptions &options = {});

void registerTTPipelines();

} // namespace mlir::tilett

#endif // TILETT_TRANSFORMS_PIPELINE_H
