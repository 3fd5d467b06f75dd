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
#include "tilett/Transforms/ComputeConfig.h"
#include "tilett/Transforms/WidenKSteps.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"

#include "llvm/Support/JSON.h"

#include <functional>
#include <string>

namespace mlir::tilett::metalium {

struct CompileOptions {
  /// Pipeline options (see TTPipelineOptions).
  std::string arch = "wormhole_b0";
  std::string coreGrid;
  std::string strategy = "auto";
  /// K tiles a widened pipelined GEMM step may cover (WidenKSteps.h).
  int64_t kBlock = kDefaultKBlockTiles;
  /// Compute kernels' multiplier fidelity and approximate SFPU mode
  /// (ComputeConfig.h); a kernel's tt.compute_config annotation wins.
  std::string mathFidelity = kDefaultMathFidelity.str();
  bool mathApprox = false;
  MetalApi metalApi = MetalApi::Current;
  HostApi hostApi = HostApi::Current;
  /// Print the IR after each pass to stderr, or, with `irDumpDir`, to one
  /// file per pass `NN_<pass>.mlir` there.
  bool dumpIRAfterEach = false;
  std::string irDumpDir;
  /// pm.enableTiming().
  bool timing = false;
  /// Use this plan (a tt.plan.json) instead of building one from the module.
  std::string planPath;
  /// Replace an existing output directory even when it is not an earlier
  /// tilett output (Support/OutputDirectory.h).
  bool force = false;
};

/// Reads TT_DUMP_IR / TT_IR_DUMP_DIR into `options` (the original engine's
/// switches): TT_DUMP_IR=1 turns dumping on, TT_IR_DUMP_DIR picks the dir.
void applyEnvironment(CompileOptions &options);

/// Runs the lowering pipeline on `module` unless it is already lowered
/// (holds functions with `tt.kernel_kind`), then convert-tt-to-emitc.
/// Diagnostics go to the module's context.
LogicalResult lowerToEmitC(ModuleOp module, const CompileOptions &options);

/// Compiles `module` and writes reader.cpp, compute.cpp, writer.cpp,
/// host.cpp, CMakeLists.txt and tt.plan.json into `outDir` (one
/// subdirectory per kernel when the module holds several), atomically: the
/// files are written to a sibling temporary directory renamed over `outDir`
/// at the end, so a failure leaves no half-written directory.
LogicalResult compileToDirectory(ModuleOp module, const CompileOptions &options,
                                 StringRef outDir);

} // namespace mlir::tilett::metalium

#endif // TILETT_TARGET_METALIUM_COMPILE_H
