//===- Run.h - `tilett run`: compile, emulate, check ------------*- C++ -*-===//
//
// Compiles a TileLang script (or tl-dialect .mlir), runs it on the emulator
// with seeded random inputs, runs the tl reference interpreter on the same
// rounded inputs, and reports errors against a dtype-derived tolerance and the
// emulator's predicted device time. Output format and tolerance:
// docs/tenstorrent/RUNNING.md.
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_RUNNER_RUN_H
#define TILETT_RUNNER_RUN_H

#include "tilett/Transforms/ComputeConfig.h"
#include "tilett/Transforms/PipelineOptions.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace mlir::tilett::runner {

/// Compiles `module` (tl dialect; the callee may transform it) into
/// `outDir`: reader/compute/writer .cpp, host.cpp and tt.plan.json per kernel,
/// either directly in `outDir` or in `outDir/<kernel>/`.
using CompileFn = std::function<LogicalResult(ModuleOp module,
                                              llvm::StringRef outDir)>;

struct RunOptions {
  std::string input;    // .py TileLang script or .mlir in the tl dialect
  std::string entry;    // instantiating call, e.g. "matmul(256, 256, 256)"
  /// Passed through to the compile step (PipelineOptions.h).
  tt::Arch arch = kDefaultArch;
  std::string coreGrid; // "GXxGY"
  StrategyChoice strategy = kDefaultStrategy;
  int64_t kBlock = kDefaultKBlockTiles;
  BlockFactor blockFactor;
  tt::MathFidelity mathFidelity = kDefaultMathFidelityValue;
  bool mathApprox = false;
  std::string outDir;   // empty: a temporary directory
  uint64_t seed = 0;
  bool keepOutput = false;
  /// Replace a named `outDir` that is not an earlier tilett output.
  bool force = false;
  bool useHostProgram = false;
  /// The emulator charges every cost but skips numerics
  /// (TT_EMU_TIMING_ONLY): device time only, no reference, no check.
  bool timingOnly = false;
  /// Overrides the derived tolerance (relative to max|ref|), for tests.
  std::optional<double> relTolerance;
  /// Replaces the compile step (default: metalium::compileToDirectory, as
  /// `tilett compile` does).
  CompileFn compile;
  /// Where errors and diagnostics go (default: llvm::errs()); the tuner
  /// collects them to report why a candidate failed.
  llvm::raw_ostream *errors = nullptr;
};

/// What a run got to, for callers that compare runs (the tuner).
struct RunSummary {
  /// The compile step succeeded (a failure after it is the emulator's).
  bool compiled = false;
  /// Sum over the module's kernels of the emulator's device time, and the
  /// throughput of the last kernel that reported one.
  std::optional<double> deviceUs;
  std::optional<double> tflops;
};

/// Exit status of `tilett run`.
enum RunStatus : int { RunPass = 0, RunFail = 1, RunError = 2 };

/// Runs the whole check and prints the report to `out`; errors go to
/// llvm::errs(). Returns a RunStatus.
int runTileLangKernel(const RunOptions &options, llvm::raw_ostream &out,
                      RunSummary *summary = nullptr);

} // namespace mlir::tilett::runner

#endif // TILETT_RUNNER_RUN_H
