//===- Driver.cpp - What `tilett` and `tilett-run` share ------------------===//

#include "Driver.h"

#include "tilett/RegisterAll.h"
#include "tilett/Support/OutputDirectory.h"

#ifdef TILETT_HAVE_FRONTEND
#include "tilett/Frontend/TileLangFrontend.h"
#endif

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace mlir;
using namespace mlir::tilett;

namespace mlir::tilett::driver {

const char *const kOverview =
    "tilett: TileLang tile kernels to Tenstorrent TT-Metalium\n\n"
    "  tilett compile kernel.py -o out/   writes reader.cpp, compute.cpp, "
    "writer.cpp, host.cpp, CMakeLists.txt, tt.plan.json\n"
    "  tilett check-plan tt.plan.json     validates a runtime plan\n"
    "  tilett run kernel.py               compiles, emulates and "
    "checks\n";

cl::SubCommand compileCmd("compile",
                          "Compile a TileLang kernel (.py or .mlir) to a "
                          "TT-Metalium program directory");
cl::SubCommand runCmd("run", "Compile, run on the emulator and check against "
                             "the reference interpreter");

static cl::OptionCategory compileCat("compile options");

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
// The pipeline's options: typed as PipelineOptions.h declares them, so the
// parser takes exactly the names the passes take and says which they are.
cl::opt<tt::Arch> arch("arch", cl::desc("Target architecture"),
                       cl::init(kDefaultArch), cl::sub(compileCmd),
                       cl::sub(runCmd), cl::cat(compileCat));
cl::opt<std::string> coreGrid("core-grid",
                              cl::desc("Worker grid GXxGY, e.g. 8x8 "
                                       "(default: the arch's grid)"),
                              cl::sub(compileCmd), cl::sub(runCmd),
                              cl::cat(compileCat));
cl::opt<StrategyChoice> strategy(
    "strategy",
    cl::desc("Work partition (auto: cyclic_2d where cores can share loads by "
             "multicast, else contiguous)"),
    cl::init(kDefaultStrategy), cl::sub(compileCmd), cl::sub(runCmd),
    cl::cat(compileCat));
cl::opt<int64_t> kBlock("k-block",
                        cl::desc("K tiles one step of a pipelined GEMM loop "
                                 "may cover once widened (1 keeps each step "
                                 "as the program wrote it)"),
                        cl::init(kDefaultKBlockTiles), cl::sub(compileCmd),
                        cl::sub(runCmd), cl::cat(compileCat));
cl::opt<BlockFactor> blockFactor(
    "block-factor",
    cl::desc("Per-core block FxG: F x G TileLang blocks along the grid's "
             "first and second dimensions run as one block (1x1: the blocks "
             "as written; default: the cost model's choice)"),
    cl::init(BlockFactor{}), cl::sub(compileCmd), cl::sub(runCmd),
    cl::cat(compileCat));
cl::opt<tt::MathFidelity> mathFidelity(
    "math-fidelity",
    cl::desc("Multiplier fidelity of the compute kernels (LoFi: one pass, "
             "fastest; HiFi4: four passes, exact products, the default); a "
             "kernel's tt.compute_config annotation wins"),
    cl::init(kDefaultMathFidelityValue), cl::sub(compileCmd), cl::sub(runCmd),
    cl::cat(compileCat));
cl::opt<bool> mathApprox(
    "math-approx",
    cl::desc("Approximate SFPU functions (math_approx_mode; a kernel's "
             "tt.compute_config annotation wins)"),
    cl::sub(compileCmd), cl::sub(runCmd), cl::cat(compileCat));
cl::opt<bool> tune(
    "tune",
    cl::desc("Rank schedules (--strategy contiguous|cyclic_2d x --k-block "
             "1|4|8|16|32 x --block-factor model|1x1|2x1|1x2|2x2, the legal "
             "ones; a --strategy, --k-block or --block-factor given fixes "
             "that axis) "
             "in the emulator's timing-only mode and print the table and the "
             "choice; compile then writes -o with the choice"),
    cl::sub(compileCmd), cl::sub(runCmd), cl::cat(compileCat));
cl::opt<std::string> entry("entry",
                           cl::desc("Call that instantiates the kernel of a "
                                    ".py input, e.g. \"matmul(256, 256, 256)\""),
                           cl::sub(compileCmd), cl::sub(runCmd),
                           cl::cat(compileCat));
static cl::opt<std::string> metalHeaders(
    "metal-headers",
    cl::desc("Kernel API layout: current (api/...) or legacy "
             "(dataflow_api.h, compute_kernel_api/...)"),
    cl::init("current"), cl::sub(compileCmd), cl::cat(compileCat));
static cl::opt<std::string> hostApi("host-api",
                                    cl::desc("Host API of host.cpp: current "
                                             "(mesh) or classic"),
                                    cl::init("current"), cl::sub(compileCmd),
                                    cl::cat(compileCat));
static cl::opt<std::string> planPath("plan",
                                     cl::desc("Use this tt.plan.json instead "
                                              "of building one from the "
                                              "module"),
                                     cl::value_desc("file"),
                                     cl::sub(compileCmd), cl::cat(compileCat));
static cl::opt<bool> dumpIR(
    "dump-ir-after-each",
    cl::desc("Print the IR after each pass (to stderr, or to NN_<pass>.mlir "
             "files in $TT_IR_DUMP_DIR); --mlir-print-ir-* give finer control"),
    cl::sub(compileCmd), cl::cat(compileCat));
static cl::opt<bool> timing("timing",
                            cl::desc("Report the time of each pass (as "
                                     "--mlir-timing)"),
                            cl::sub(compileCmd), cl::cat(compileCat));

// `run`'s own options. Declared here, with the subcommand they belong to,
// so that they are made after it (one translation unit, in order); only
// `tilett-run` reads them, `tilett` execs it before parsing `run`.
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

void registerMLIROptions() {
  // --mlir-print-ir-before=<pass> and the like name passes: the registry
  // must hold them when the flags are made.
  registerAllPasses();
  mlir::registerPassManagerCLOptions();
  mlir::registerDefaultTimingManagerCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerAsmPrinterCLOptions();
}

std::unique_ptr<MLIRContext> createContext() {
  DialectRegistry registry;
  registerAllDialects(registry);
  auto ctx = std::make_unique<MLIRContext>(registry);
  ctx->loadAllAvailableDialects();
  // Diagnostics name file:line:col; a dump of the whole module helps no one.
  ctx->printOpOnDiagnostic(false);
  return ctx;
}

/// Reports `value` of `--flag` when it is not one of `accepted`.
static bool checkChoice(StringRef flag, StringRef value,
                        ArrayRef<StringRef> accepted) {
  if (llvm::is_contained(accepted, value))
    return true;
  errs() << "tilett: error: invalid value '" << value << "' for --" << flag
         << "; expected one of: " << join(accepted, ", ") << "\n";
  return false;
}

static bool checkCoreGrid(StringRef value) {
  if (value.empty() || parseCoreGrid(value))
    return true;
  errs() << "tilett: error: invalid value '" << value
         << "' for --core-grid; expected GXxGY with positive integers, e.g. "
            "8x8\n";
  return false;
}

/// Reads `path` as a .py script or an .mlir module; nullptr after an error.
static OwningOpRef<ModuleOp> loadInput(StringRef path, MLIRContext &ctx,
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
  if (!checkCoreGrid(coreGrid) ||
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
  options.blockFactor = blockFactor;
  options.mathFidelity = mathFidelity;
  options.mathApprox = mathApprox;
  options.metalApi = *parseMetalApi(metalHeaders);
  options.hostApi = *metalium::parseHostApi(hostApi);
  options.planPath = planPath;
  options.dumpIRAfterEach = dumpIR;
  options.timing = timing;
  options.force = force;
  options.configurePassManager = [](PassManager &pm) {
    applyDefaultTimingPassManagerCLOptions(pm);
    return applyPassManagerCLOptions(pm);
  };
  metalium::applyEnvironment(options);
  return true;
}

bool checkOutput() {
  if (Error err = checkOutputTarget(outDir, force)) {
    errs() << "tilett: error: " << toString(std::move(err)) << "\n";
    return false;
  }
  return true;
}

int compileCommand(
    MLIRContext &ctx,
    function_ref<std::optional<Schedule>(const metalium::CompileOptions &)>
        tuneFn) {
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
    std::optional<Schedule> choice = tuneFn(options);
    if (!choice)
      return ExitFailed;
    options.strategy = choice->strategy;
    options.kBlock = choice->kBlock;
    options.blockFactor = choice->blockFactor;
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

} // namespace mlir::tilett::driver
