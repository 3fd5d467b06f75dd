//===- Compile.h - tl/tt module to a TT-Metalium program directory -*- C++ -*-===//
//
// The driver behind `tilett compile`, kept in a library so that the Runner
// (`tilett run`) compiles exactly as the CLI does.
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_TARGET_METALIUM_COMPILE_H
#define TILETT_TARGET_METALIUM_COMPILE_H

#include "tilett/Conversion/TTToEmitC/TTToEmitC.h"
#include "tilett/Target/Metalium/HostEmitter.h"
#include "tilett/Transforms/PipelineOptions.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/LLVM.h"

#include "llvm/Support/JSON.h"

#include <functional>
#include <string>

namespace mlir::tilett::metalium {

struct CompileOptions {
  /// The values of the pipeline's options (PipelineOptions.h, which has
  /// their meaning).
  tt::Arch arch = kDefaultArch;
  std::string coreGrid;
  StrategyChoice strategy = kDefaultStrategy;
  int64_t kBlock = kDefaultKBlockTiles;
  BlockFactor blockFactor;
  tt::MathFidelity mathFidelity = kDefaultMathFidelityValue;
  bool mathApprox = false;
  MetalApi metalApi = MetalApi::Current;
  HostApi hostApi = HostApi::Current;
  /// Print the IR after each pass to stderr, or, with `irDumpDir`, to one
  /// file per pass `NN_<pass>.mlir` there (mlir's IR printing either way).
  bool dumpIRAfterEach = false;
  std::string irDumpDir;
  /// pm.enableTiming().
  bool timing = false;
  /// Applied to each pass manager after the options above: `tilett` passes
  /// mlir::applyPassManagerCLOptions here, so that --mlir-print-ir-*,
  /// --mlir-timing and the other pass-manager flags work on compile.
  std::function<LogicalResult(PassManager &)> configurePassManager;
  /// Use this plan (a tt.plan.json) instead of building one from the module.
  std::string planPath;
  /// Replace an existing output directory even when it is not an earlier
  /// tilett output (Support/OutputDirectory.h).
  bool force = false;
};

/// Reads TT_DUMP_IR / TT_IR_DUMP_DIR into `options` (the original engine's
/// switches): TT_DUMP_IR=1 turns dumping on, TT_IR_DUMP_DIR picks the dir.
void applyEnvironment(CompileOptions &options);

/// Compiles `module` and writes reader.cpp, compute.cpp, writer.cpp,
/// host.cpp, CMakeLists.txt and tt.plan.json into `outDir` (one
/// subdirectory per kernel when the module holds several), atomically: the
/// files are written to a sibling temporary directory renamed over `outDir`
/// at the end, so a failure leaves no half-written directory.
LogicalResult compileToDirectory(ModuleOp module, const CompileOptions &options,
                                 StringRef outDir);

} // namespace mlir::tilett::metalium

#endif // TILETT_TARGET_METALIUM_COMPILE_H
