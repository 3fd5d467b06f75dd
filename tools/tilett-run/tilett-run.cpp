//===- tilett-run.cpp - The emulator harness behind `tilett run` ----------===//
//
// `tilett run` (compile, run on the emulator, check against the reference
// interpreter) and `tilett compile --tune` (rank schedules on the
// emulator's timing, then compile the choice). `tilett` execs this binary
// for both, with its own arguments, so that the compiler links no emulator;
// its options, compile and run, are declared in ../tilett/Driver.cpp.
//
//===----------------------------------------------------------------------===//

#include "../tilett/Driver.h"

#include "tilett/Runner/Run.h"
#include "tilett/Runner/Tune.h"
#include "tilett/Support/OutputDirectory.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdlib>

using namespace llvm;
using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::driver;

namespace {
/// The run of `input` the command line describes, compiled with `options`.
runner::RunOptions runOptions(const metalium::CompileOptions &options) {
  runner::RunOptions run;
  run.input = inputPath;
  run.entry = entry;
  run.arch = options.arch;
  run.coreGrid = options.coreGrid;
  run.strategy = options.strategy;
  run.kBlock = options.kBlock;
  run.blockFactor = options.blockFactor;
  run.mathFidelity = options.mathFidelity;
  run.mathApprox = options.mathApprox;
  run.seed = seed;
  run.force = force;
  run.compile = [options](ModuleOp module, StringRef dir) {
    return metalium::compileToDirectory(module, options, dir);
  };
  return run;
}

/// `--tune`: ranks the candidate schedules and prints the table; the
/// choice, or std::nullopt (after a message) when none could be timed.
std::optional<Schedule> tuneCommand(const metalium::CompileOptions &options) {
  // A --strategy, --k-block or --block-factor on the command line is the
  // user's choice: only the other axes are searched.
  std::optional<StrategyChoice> fixedStrategy;
  std::optional<int64_t> fixedKBlock;
  if (strategy.getNumOccurrences())
    fixedStrategy = strategy.getValue();
  if (kBlock.getNumOccurrences())
    fixedKBlock = kBlock.getValue();
  std::optional<BlockFactor> fixedBlockFactor;
  if (blockFactor.getNumOccurrences())
    fixedBlockFactor = blockFactor.getValue();
  std::vector<runner::TuneResult> results;
  std::optional<size_t> best = runner::tuneSchedules(
      runOptions(options), options,
      runner::getTuneCandidates(fixedStrategy, fixedKBlock, fixedBlockFactor),
      results, outs());
  if (!best) {
    errs() << "tilett: error: --tune: no candidate schedule compiled and "
              "ran (see the table)\n";
    return std::nullopt;
  }
  return Schedule{results[*best].candidate.strategy,
                  results[*best].candidate.kBlock,
                  results[*best].candidate.blockFactor};
}

int runCommand() {
  metalium::CompileOptions options;
  if (!compileOptions(options) || (!outDir.empty() && !checkOutput()))
    return ExitUsage;
  if (tune) {
    // Each candidate runs in a temporary directory of its own and only
    // the plan runner reports a device time: these would mean nothing.
    for (auto [given, flag] :
         {std::pair{!outDir.empty(), "-o"}, {bool(keep), "--keep"},
          {bool(useHost), "--host-program"}, {!profileDir.empty(), "--profile"},
          {tolerance.getNumOccurrences() > 0, "--tolerance"}})
      if (given) {
        errs() << "tilett: error: run --tune does not take " << flag
               << " (it only times candidates); use `tilett compile --tune "
                  "-o <dir>` to keep the chosen program\n";
        return ExitUsage;
      }
    return tuneCommand(options) ? ExitOk : ExitFailed;
  }
  runner::RunOptions run = runOptions(options);
  run.outDir = outDir;
  run.keepOutput = keep;
  run.useHostProgram = useHost;
  // The emulator reads both from the environment, as for any program; the
  // flags set them for this process (and a --host-program child).
  run.timingOnly = timingOnly ||
                   llvm::StringRef(getenv("TT_EMU_TIMING_ONLY") ?: "") == "1";
  if (timingOnly)
    setenv("TT_EMU_TIMING_ONLY", "1", 1);
  if (!profileDir.empty())
    setenv("TT_EMU_PROFILE", profileDir.c_str(), 1);
  if (tolerance.getNumOccurrences()) {
    if (!(tolerance >= 0.0) || !std::isfinite(tolerance)) {
      errs() << "tilett: error: invalid value '" << tolerance
             << "' for --tolerance; expected a finite number, 0 or more\n";
      return ExitUsage;
    }
    run.relTolerance = tolerance;
  }
  return runner::runTileLangKernel(run, outs());
}
} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  ignoreFileSizeSignal();
  cl::SetVersionPrinter([](raw_ostream &os) {
    os << "tilett-run " << TILETT_VERSION << "\n";
  });
  registerMLIROptions();
  if (!cl::ParseCommandLineOptions(argc, argv, kOverview, &errs()))
    return ExitUsage;
  if (compileCmd) {
    std::unique_ptr<MLIRContext> ctx = createContext();
    return compileCommand(*ctx, tuneCommand);
  }
  if (runCmd)
    return runCommand();
  errs() << "tilett: error: tilett-run runs `tilett run` and `tilett compile "
            "--tune`: expected the subcommand run or compile\n";
  return ExitUsage;
}
