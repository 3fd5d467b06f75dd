//===- Driver.h - What `tilett` and `tilett-run` share ----------*- C++ -*-===//
//
// The `compile` and `run` subcommands' common options and the compile
// command itself. `tilett` (the compiler, no emulator) and `tilett-run`
// (the emulator harness, which `tilett run` and `tilett compile --tune`
// exec) both link this, so the two parse one command line the same way.
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_TOOLS_TILETT_DRIVER_H
#define TILETT_TOOLS_TILETT_DRIVER_H

#include "tilett/Target/Metalium/Compile.h"

#include "mlir/IR/MLIRContext.h"

#include "llvm/Support/CommandLine.h"

#include <optional>
#include <string>

namespace mlir::tilett::driver {

enum ExitCode : int { ExitOk = 0, ExitFailed = 1, ExitUsage = 2 };

extern llvm::cl::SubCommand compileCmd;
extern llvm::cl::SubCommand runCmd;

extern llvm::cl::opt<std::string> inputPath;
extern llvm::cl::opt<std::string> outDir;
extern llvm::cl::opt<bool> force;
extern llvm::cl::opt<tt::Arch> arch;
extern llvm::cl::opt<std::string> coreGrid;
extern llvm::cl::opt<StrategyChoice> strategy;
extern llvm::cl::opt<int64_t> kBlock;
extern llvm::cl::opt<BlockFactor> blockFactor;
extern llvm::cl::opt<tt::MathFidelity> mathFidelity;
extern llvm::cl::opt<bool> mathApprox;
extern llvm::cl::opt<bool> tune;
extern llvm::cl::opt<std::string> entry;
// `run` only.
extern llvm::cl::opt<uint64_t> seed;
extern llvm::cl::opt<bool> keep;
extern llvm::cl::opt<bool> useHost;
extern llvm::cl::opt<bool> timingOnly;
extern llvm::cl::opt<std::string> profileDir;
extern llvm::cl::opt<double> tolerance;

/// Registers mlir's pass-manager, context and printer flags
/// (--mlir-print-ir-after-all, --mlir-timing, ...); before parsing.
void registerMLIROptions();

/// The overview `--help` prints.
extern const char *const kOverview;

/// The context of a command: every dialect, diagnostics without op dumps;
/// after parsing, as it reads the --mlir-* context flags.
std::unique_ptr<MLIRContext> createContext();

/// Fills `options` from the command line; false after a message.
bool compileOptions(metalium::CompileOptions &options);

/// Refuses an -o that would lose the user's data before any work is done.
bool checkOutput();

/// A schedule --tune chose.
struct Schedule {
  StrategyChoice strategy;
  int64_t kBlock;
  BlockFactor blockFactor; ///< unset: CoarsenGrid's model
};

/// `tilett compile`: options, an optional `--tune` (by `tuneFn`, which
/// ranks the schedules and returns the choice, or std::nullopt after a
/// message), the input, the compile into -o.
int compileCommand(
    MLIRContext &ctx,
    llvm::function_ref<std::optional<Schedule>(const metalium::CompileOptions &)>
        tuneFn);

} // namespace mlir::tilett::driver

#endif // TILETT_TOOLS_TILETT_DRIVER_H
