//===- tilett.cpp - The tilett command-line driver ------------------------===//
//
// `tilett compile` (TileLang script or .mlir -> TT-Metalium program
// directory), `tilett check-plan` (validate a tt.plan.json) and `tilett run`
// (compile, emulate and check; provided by lib/Runner). The work is done in
// libraries; this file parses options and turns failures into messages and
// exit codes: 0 success, 1 the input or plan is wrong, 2 the command line is.
//
//===----------------------------------------------------------------------===//

#include "tilett/RegisterAll.h"
#include "tilett/Support/OutputDirectory.h"
#include "tilett/Target/Metalium/Compile.h"
#include "tilett/Target/Metalium/PlanJSON.h"

#ifdef TILETT_HAVE_FRONTEND
#include "tilett/Frontend/TileLangFrontend.h"
#endif
#ifdef TILETT_HAVE_RUNTIME_PLAN
#include "tilett/Target/Metalium/RuntimePlan.h"
#endif
#ifdef TILETT_HAVE_RUNNER
#include "tilett/Runner/Run.h"
#include "tilett/Runner/Tune.h"
#endif

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdlib>

using namespace llvm;
using namespace mlir;
using namespace mlir::tilett;

namespace {
enum ExitCode : int { ExitOk = 0, ExitFailed = 1, ExitUsage = 2 };

cl::SubCommand compileCmd("compile",
                          "Compile a TileLang kernel (.py or .mlir) to a "
                          "TT-Metalium program directory");
cl::SubCommand checkPlanCmd("check-plan",
                            "Validate a tt.plan.json (tilett's or the "
                            "original TileLang-TT backend's)");
cl::SubCommand runCmd("run", "Compile, run on the emulator and check against "
                             "the reference interpreter");

cl::OptionCategory compileCat("compile options");

cl::opt<std::string> inputPath(cl::Positional, cl::desc("<input.py|input.mlir>"),
                               cl::Required, cl::sub(compileCmd),
                               cl::sub(runCmd));
cl::opt<std::string> outDir("o", cl::desc("Output directory"),
                            cl::value_desc("dir"), cl::sub(compileCmd),
                            cl::sub(runCmd), cl::cat(compileCat));
cl::opt<bool> force("force",
                    cl::desc("Replace the -o directory even when it is not an "
                             "earlier tilett output"),
                    cl::sub(compileCmd), cl::sub(runCmd), cl::cat(compileCat));
cl::opt<std::string> arch("arch", cl::desc("wormhole_b0 or blackhole"),
                          cl::init("wormhole_b0"), cl::sub(compileCmd),
                          cl::sub(runCmd), cl::cat(compileCat));
cl::opt<std::string> coreGrid("core-grid",
                              cl::desc("Worker grid GXxGY, e.g. 8x8 "
                                       "(default: the arch's grid)"),
                              cl::sub(compileCmd), cl::sub(runCmd),
                              cl::cat(compileCat));
cl::opt<std::string> strategy("strategy",
                              cl::desc("Work partition: auto (cyclic_2d where "
                                       "cores can share loads by multicast, "
                                       "else contiguous), contiguous, "
                                       "block_2d, owner_computes or "
                                       "cyclic_2d"),
                              cl::init("auto"), cl::sub(compileCmd),
                              cl::sub(runCmd), cl::cat(compileCat));
cl::opt<int64_t> kBlock("k-block",
                        cl::desc("K tiles one step of a pipelined GEMM loop "
                                 "may cover once widened (1 keeps each step "
                                 "as the program wrote it)"),
                        cl::init(kDefaultKBlockTiles), cl::sub(compileCmd),
                        cl::sub(runCmd),
                        cl::cat(compileCat));
// An enum, so that llvm::cl itself refuses a bad name and lists the good
// ones; the value is the TT-Metalium MathFidelity name (ComputeConfig.h).
enum class Fidelity { LoFi, HiFi2, HiFi3, HiFi4 };
cl::opt<Fidelity> mathFidelity(
    "math-fidelity",
    cl::desc("Multiplier fidelity of the compute kernels (a kernel's "
             "tt.compute_config annotation wins)"),
    cl::values(clEnumValN(Fidelity::LoFi, "LoFi",
                          "one multiplier pass: fastest, truncated mantissas"),
               clEnumValN(Fidelity::HiFi2, "HiFi2", "two passes"),
               clEnumValN(Fidelity::HiFi3, "HiFi3", "three passes"),
               clEnumValN(Fidelity::HiFi4, "HiFi4",
                          "four passes: exact products (default)")),
    cl::init(Fidelity::HiFi4), cl::sub(compileCmd), cl::sub(runCmd),
    cl::cat(compileCat));
cl::opt<bool> mathApprox(
    "math-approx",
    cl::desc("Approximate SFPU functions (math_approx_mode; a kernel's "
             "tt.compute_config annotation wins)"),
    cl::sub(compileCmd), cl::sub(runCmd), cl::cat(compileCat));
cl::opt<bool> tune(
    "tune",
    cl::desc("Rank schedules (--strategy contiguous|cyclic_2d x --k-block "
             "1|4|8|16|32; a --strategy or --k-block given fixes that axis) "
             "in the emulator's timing-only mode and print the table and the "
             "choice; compile then writes -o with the choice"),
    cl::sub(compileCmd), cl::sub(runCmd), cl::cat(compileCat));
cl::opt<std::string> entry("entry",
                           cl::desc("Call that instantiates the kernel of a "
                                    ".py input, e.g. \"matmul(256, 256, 256)\""),
                           cl::sub(compileCmd), cl::sub(runCmd),
                           cl::cat(compileCat));
cl::opt<std::string> metalHeaders("metal-headers",
                                  cl::desc("Kernel API layout: current "
                                           "(api/...) or legacy "
                                           "(dataflow_api.h, "
                                           "compute_kernel_api/...)"),
                                  cl::init("current"), cl::sub(compileCmd),
                                  cl::cat(compileCat));
cl::opt<std::string> hostApi("host-api",
                             cl::desc("Host API of host.cpp: current (mesh) "
                                      "or classic"),
                             cl::init("current"), cl::sub(compileCmd),
                             cl::cat(compileCat));
cl::opt<std::string> planPath("plan",
                              cl::desc("Use this tt.plan.json instead of "
                                       "building one from the module"),
                              cl::value_desc("file"), cl::sub(compileCmd),
                              cl::cat(compileCat));
cl::opt<bool> dumpIR("dump-ir-after-each",
                     cl::desc("Print the IR after each pass (to stderr, or to "
                              "NN_<pass>.mlir files in $TT_IR_DUMP_DIR)"),
                     cl::sub(compileCmd), cl::cat(compileCat));
cl::opt<bool> timing("timing", cl::desc("Report the time of each pass"),
                     cl::sub(compileCmd), cl::cat(compileCat));

cl::opt<std::string> planFile(cl::Positional, cl::desc("<tt.plan.json>"),
                              cl::Required, cl::sub(checkPlanCmd));

cl::opt<uint64_t> seed("seed", cl::desc("Seed of the input pattern"),
                       cl::init(0), cl::sub(runCmd));
cl::opt<bool> keep("keep", cl::desc("Keep the compiled output directory"),
                   cl::sub(runCmd));
cl::opt<bool> useHost("host-program",
                      cl::desc("Run through the generated host.cpp"),
                      cl::sub(runCmd));
cl::opt<bool> timingOnly(
    "timing-only",
    cl::desc("Time the kernel without computing it (TT_EMU_TIMING_ONLY): "
             "device time only, no reference check"),
    cl::sub(runCmd));
cl::opt<std::string> profileDir(
    "profile",
    cl::desc("Write the emulator's profile (summary, Chrome trace, core-grid "
             "heat map) into this directory (TT_EMU_PROFILE)"),
    cl::value_desc("dir"), cl::sub(runCmd));
cl::opt<double> tolerance(
    "tolerance",
    cl::desc("Relative tolerance (of max|ref|) overriding the one derived "
             "from the dtypes (docs/tenstorrent/RUNNING.md)"),
    cl::sub(runCmd));

StringRef fidelityName(Fidelity fidelity) {
  switch (fidelity) {
  case Fidelity::LoFi:
    return "LoFi";
  case Fidelity::HiFi2:
    return "HiFi2";
  case Fidelity::HiFi3:
    return "HiFi3";
  case Fidelity::HiFi4:
    return "HiFi4";
  }
  llvm_unreachable("unknown fidelity");
}

/// Reports `value` of `--flag` when it is not one of `accepted`.
bool checkChoice(StringRef flag, StringRef value,
                 ArrayRef<StringRef> accepted) {
  if (llvm::is_contained(accepted, value))
    return true;
  errs() << "tilett: error: invalid value '" << value << "' for --" << flag
         << "; expected one of: " << join(accepted, ", ") << "\n";
  return false;
}

bool checkCoreGrid(StringRef value) {
  if (value.empty())
    return true;
  auto [x, y] = value.split('x');
  unsigned gx, gy;
  if (!x.getAsInteger(10, gx) && !y.getAsInteger(10, gy) && gx > 0 && gy > 0)
    return true;
  errs() << "tilett: error: invalid value '" << value
         << "' for --core-grid; expected GXxGY with positive integers, e.g. "
            "8x8\n";
  return false;
}

/// Reads `path` as a .py script or an .mlir module; nullptr after an error.
OwningOpRef<ModuleOp> loadInput(StringRef path, MLIRContext &ctx,
                                SourceMgr &sourceMgr, int &exitCode) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
      MemoryBuffer::getFileOrSTDIN(path);
  if (!buffer) {
    errs() << "tilett: error: cannot read '" << path
           << "': " << buffer.getError().message() << "\n";
    exitCode = ExitUsage;
    return nullptr;
  }
  sourceMgr.AddNewSourceBuffer(std::move(*buffer), SMLoc());
  exitCode = ExitFailed;
  if (!path.ends_with(".py") && !path.ends_with(".mlir") && path != "-") {
    errs() << "tilett: error: cannot tell what '" << path
           << "' is: expected a TileLang script (.py) or an MLIR module "
              "(.mlir)\n";
    exitCode = ExitUsage;
    return nullptr;
  }
  if (path.ends_with(".py")) {
#ifdef TILETT_HAVE_FRONTEND
    frontend::FrontendOptions opts;
    opts.entry = entry;
    return frontend::parseTileLangFile(sourceMgr, &ctx, opts);
#else
    errs() << "tilett: error: cannot read '" << path
           << "': the TileLang frontend (TilettFrontend) is not built into "
              "this tilett; pass the kernel as .mlir\n";
    exitCode = ExitUsage;
    return nullptr;
#endif
  }
  return parseSourceFile<ModuleOp>(sourceMgr, &ctx);
}

bool compileOptions(metalium::CompileOptions &options) {
  if (!checkChoice("arch", arch, {"wormhole_b0", "blackhole"}) ||
      !checkCoreGrid(coreGrid) ||
      !checkChoice("strategy", strategy,
                   {"auto", "contiguous", "block_2d", "owner_computes",
                    "cyclic_2d"}) ||
      !checkChoice("metal-headers", metalHeaders, {"current", "legacy"}) ||
      !checkChoice("host-api", hostApi, {"current", "classic"}))
    return false;
  if (kBlock < 1 || kBlock > 1024) {
    errs() << "tilett: error: invalid value '" << kBlock
           << "' for --k-block; expected a tile count in 1..1024\n";
    return false;
  }
  options.arch = arch;
  options.coreGrid = coreGrid;
  options.strategy = strategy;
  options.kBlock = kBlock;
  options.mathFidelity = fidelityName(mathFidelity);
  options.mathApprox = mathApprox;
  options.metalApi = *parseMetalApi(metalHeaders);
  options.hostApi = *metalium::parseHostApi(hostApi);
  options.planPath = planPath;
  options.dumpIRAfterEach = dumpIR;
  options.timing = timing;
  options.force = force;
  metalium::applyEnvironment(options);
  return true;
}

/// Refuses an -o that would lose the user's data before any work is done
/// (the write checks again, in case the path changed meanwhile).
bool checkOutput() {
  if (Error err = checkOutputTarget(outDir, force)) {
    errs() << "tilett: error: " << toString(std::move(err)) << "\n";
    return false;
  }
  return true;
}

#ifdef TILETT_HAVE_RUNNER
/// The run of `input` the command line describes, compiled with `options`.
runner::RunOptions runOptions(const metalium::CompileOptions &options) {
  runner::RunOptions run;
  run.input = inputPath;
  run.entry = entry;
  run.arch = arch;
  run.coreGrid = coreGrid;
  run.strategy = options.strategy;
  run.kBlock = options.kBlock;
  run.mathFidelity = options.mathFidelity;
  run.mathApprox = options.mathApprox;
  run.seed = seed;
  run.force = force;
  run.compile = [options](ModuleOp module, StringRef dir) {
    return metalium::compileToDirectory(module, options, dir);
  };
  return run;
}
#endif

/// A schedule --tune chose (runner::TuneCandidate, which needs the runner).
struct Schedule {
  std::string strategy;
  int64_t kBlock;
};

/// `--tune`: ranks the candidate schedules and prints the table; the
/// choice, or std::nullopt (after a message) when none could be timed.
std::optional<Schedule>
tuneCommand(const metalium::CompileOptions &options) {
#ifdef TILETT_HAVE_RUNNER
  // A --strategy or --k-block on the command line is the user's choice:
  // only the other axis is searched.
  std::optional<std::string> fixedStrategy;
  std::optional<int64_t> fixedKBlock;
  if (strategy.getNumOccurrences())
    fixedStrategy = strategy;
  if (kBlock.getNumOccurrences())
    fixedKBlock = kBlock;
  std::vector<runner::TuneResult> results;
  std::optional<size_t> best = runner::tuneSchedules(
      runOptions(options), options,
      runner::getTuneCandidates(fixedStrategy, fixedKBlock), results, outs());
  if (!best) {
    errs() << "tilett: error: --tune: no candidate schedule compiled and "
              "ran (see the table)\n";
    return std::nullopt;
  }
  return Schedule{results[*best].candidate.strategy,
                  results[*best].candidate.kBlock};
#else
  (void)options;
  errs() << "tilett: error: --tune needs the emulator runner (TilettRunner), "
            "which is not built into this tilett\n";
  return std::nullopt;
#endif
}

int compileCommand(MLIRContext &ctx) {
  if (outDir.empty()) {
    errs() << "tilett: error: compile needs an output directory: -o <dir>\n";
    return ExitUsage;
  }
  metalium::CompileOptions options;
  if (!compileOptions(options) || !checkOutput())
    return ExitUsage;
  if (tune) {
    // Tune, then compile the choice into -o: the directory is the saved
    // choice, the printed flags the way to make it again.
    std::optional<Schedule> choice = tuneCommand(options);
    if (!choice)
#ifdef TILETT_HAVE_RUNNER
      return ExitFailed;
#else
      return ExitUsage; // the command line asked for what is not built in
#endif
    options.strategy = choice->strategy;
    options.kBlock = choice->kBlock;
  }
  SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler handler(sourceMgr, &ctx);
  int exitCode = ExitOk;
  OwningOpRef<ModuleOp> module = loadInput(inputPath, ctx, sourceMgr, exitCode);
  if (!module)
    return exitCode;
  if (failed(metalium::compileToDirectory(*module, options, outDir)))
    return ExitFailed;
  return ExitOk;
}

int checkPlanCommand() {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
      MemoryBuffer::getFileOrSTDIN(planFile);
  if (!buffer) {
    errs() << "tilett: error: cannot read '" << planFile
           << "': " << buffer.getError().message() << "\n";
    return ExitUsage;
  }
  Expected<json::Value> plan = parsePlanJSON((*buffer)->getBuffer());
  if (!plan) {
    errs() << planFile << ": error: " << toString(plan.takeError())
           << "\n";
    return ExitFailed;
  }
#ifdef TILETT_HAVE_RUNTIME_PLAN
  std::vector<std::string> errors = validateRuntimePlan(*plan);
  for (const std::string &error : errors)
    errs() << planFile << ": error: " << error << "\n";
  if (!errors.empty())
    return ExitFailed;
  outs() << planFile << ": valid\n";
  return ExitOk;
#else
  errs() << "tilett: error: the plan validator (TilettRuntimePlan) is not "
            "built into this tilett\n";
  return ExitUsage;
#endif
}

int runCommand(MLIRContext &ctx) {
#ifdef TILETT_HAVE_RUNNER
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
  (void)ctx;
  return runner::runTileLangKernel(run, outs());
#else
  (void)ctx;
  errs() << "tilett: error: `tilett run` needs the emulator runner "
            "(TilettRunner), which is not built into this tilett; configure "
            "with -DTILETT_BUILD_RUNTIME=ON\n";
  return ExitUsage;
#endif
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  // Past `ulimit -f`, writes fail with EFBIG and are reported with the path.
  ignoreFileSizeSignal();
  cl::SetVersionPrinter([](raw_ostream &os) {
    os << "tilett " << TILETT_VERSION << "\n";
  });
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "tilett: TileLang tile kernels to Tenstorrent TT-Metalium\n\n"
          "  tilett compile kernel.py -o out/   writes reader.cpp, compute.cpp, "
          "writer.cpp, host.cpp, CMakeLists.txt, tt.plan.json\n"
          "  tilett check-plan tt.plan.json     validates a runtime plan\n"
          "  tilett run kernel.py               compiles, emulates and "
          "checks\n",
          &errs()))
    return ExitUsage;

  DialectRegistry registry;
  registerAllDialects(registry);
  MLIRContext ctx(registry);
  ctx.loadAllAvailableDialects();
  // Diagnostics name file:line:col; a dump of the whole module helps no one.
  ctx.printOpOnDiagnostic(false);

  if (compileCmd)
    return compileCommand(ctx);
  if (checkPlanCmd)
    return checkPlanCommand();
  if (runCmd)
    return runCommand(ctx);
  errs() << "tilett: error: expected a subcommand: compile, check-plan or run "
            "(see tilett --help)\n";
  return ExitUsage;
}
