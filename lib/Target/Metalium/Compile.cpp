//===- Compile.cpp - tl/tt module to a TT-Metalium program directory ------===//

#include "tilett/Target/Metalium/Compile.h"
#include "tilett/Conversion/Passes.h"
#include "tilett/Dialect/TT/IR/TTOps.h"
#include "tilett/Support/OutputDirectory.h"
#include "tilett/Target/Metalium/KernelEmitter.h"
#include "tilett/Target/Metalium/PlanJSON.h"
#include "tilett/Target/Metalium/RuntimePlan.h"
#include "tilett/Transforms/LegacyPasses.h"
#include "tilett/Transforms/Pipeline.h"

#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::metalium;

void mlir::tilett::metalium::applyEnvironment(CompileOptions &options) {
  if (std::optional<std::string> dump = llvm::sys::Process::GetEnv("TT_DUMP_IR"))
    if (*dump == "1" || StringRef(*dump).equals_insensitive("true"))
      options.dumpIRAfterEach = true;
  if (std::optional<std::string> dir =
          llvm::sys::Process::GetEnv("TT_IR_DUMP_DIR"))
    if (options.irDumpDir.empty())
      options.irDumpDir = *dir;
}

namespace {
/// mlir's IR printing, to `<dir>/NN_<pass>.mlir` instead of a stream: one
/// file per pass, numbered in the order the passes ran, printed whether or
/// not the pass changed the IR, as the original engine's TT_DUMP_IR did.
class IRPrinterToDirectory : public PassManager::IRPrinterConfig {
public:
  explicit IRPrinterToDirectory(std::string dir)
      : IRPrinterConfig(/*printModuleScope=*/false,
                        /*printAfterOnlyOnChange=*/false),
        dir(std::move(dir)) {}

  void printAfterIfEnabled(Pass *pass, Operation *op,
                           PrintCallbackFn) final {
    SmallString<256> path(dir);
    llvm::sys::path::append(
        path, llvm::formatv("{0:d2}_{1}.mlir", counter++, pass->getArgument()));
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    if (ec) {
      llvm::errs() << "warning: cannot write IR dump '" << path
                   << "': " << ec.message() << "\n";
      return;
    }
    // The module alone (not the callback, which adds mlir's dump header):
    // nested passes run on functions, the module is what users compare.
    while (op->getParentOp())
      op = op->getParentOp();
    op->print(os, getOpPrintingFlags());
  }

private:
  std::string dir;
  unsigned counter = 0;
};
} // namespace

static LogicalResult configure(PassManager &pm, const CompileOptions &options) {
  if (options.timing)
    pm.enableTiming();
  if (options.dumpIRAfterEach) {
    // Printing the module after a pass needs the passes run one at a time.
    pm.getContext()->disableMultithreading();
    if (options.irDumpDir.empty()) {
      pm.enableIRPrinting(/*shouldPrintBeforePass=*/nullptr,
                          /*shouldPrintAfterPass=*/
                          [](Pass *, Operation *) { return true; },
                          /*printModuleScope=*/true);
    } else {
      (void)llvm::sys::fs::create_directories(options.irDumpDir);
      pm.enableIRPrinting(
          std::make_unique<IRPrinterToDirectory>(options.irDumpDir));
    }
  }
  if (options.configurePassManager)
    return options.configurePassManager(pm);
  return success();
}

static bool isLowered(ModuleOp module) {
  for (auto func : module.getOps<func::FuncOp>())
    if (func->hasAttr(tt::TTDialect::kKernelKindAttrName))
      return true;
  return false;
}

/// Runs the lowering pipeline unless the module is already lowered.
static LogicalResult runLoweringPipeline(ModuleOp module, const CompileOptions &options) {
  if (isLowered(module))
    return success();
  PassManager pm(module.getContext());
  if (failed(configure(pm, options)))
    return failure();
  TTPipelineOptions pipeline;
  pipeline.arch = options.arch;
  pipeline.coreGrid = options.coreGrid;
  pipeline.strategy = options.strategy;
  pipeline.kBlock = options.kBlock;
  pipeline.blockFactor = options.blockFactor;
  pipeline.mathFidelity = options.mathFidelity;
  pipeline.mathApprox = options.mathApprox;
  // TT_USE_NEW_PIPELINE picks the five passes or the legacy sequence of
  // pass names; both must give byte-identical outputs.
  buildSelectedPipeline(pm, pipeline);
  return pm.run(module);
}

static LogicalResult convertToEmitC(ModuleOp module,
                                    const CompileOptions &options) {
  PassManager pm(module.getContext());
  if (failed(configure(pm, options)))
    return failure();
  ConvertTTToEmitCOptions convert;
  convert.metalHeaders =
      options.metalApi == MetalApi::Current ? "current" : "legacy";
  pm.addPass(createConvertTTToEmitC(convert));
  return pm.run(module);
}

/// The runtime plan: the given file, else the plan built from the module.
static FailureOr<plan::RuntimePlan>
getPlan(ModuleOp module, const CompileOptions &options, StringRef kernelName) {
  if (!options.planPath.empty()) {
    auto buffer = llvm::MemoryBuffer::getFile(options.planPath);
    if (!buffer)
      return module.emitError() << "cannot read plan '" << options.planPath
                                << "': " << buffer.getError().message();
    llvm::Expected<llvm::json::Value> value =
        parsePlanJSON((*buffer)->getBuffer());
    if (!value)
      return module.emitError() << "plan '" << options.planPath
                                << "': " << llvm::toString(value.takeError());
    // The host program splices kernel files and names from the plan into
    // C++ and CMake: a plan a runner could not run must not get that far.
    plan::RuntimePlan typed;
    std::vector<std::string> errors = validateRuntimePlan(*value, &typed);
    for (const std::string &error : errors)
      module.emitError() << "plan '" << options.planPath << "': " << error;
    if (!errors.empty())
      return failure();
    return typed;
  }
  llvm::Expected<plan::RuntimePlan> plan = buildRuntimePlan(module, kernelName);
  if (!plan)
    return module.emitError() << llvm::toString(plan.takeError());
  return std::move(*plan);
}

namespace {
/// One kernel: its name and its three converted functions.
struct KernelGroup {
  std::string name;
  bool fromDeclaration;
  SmallVector<emitc::FuncOp> funcs;
};
} // namespace

/// Groups the converted kernel functions by the declaration that lists them
/// in `tt.kernels`; functions no declaration lists form one group.
static SmallVector<KernelGroup> groupKernels(ModuleOp module) {
  SmallVector<KernelGroup> groups;
  llvm::DenseSet<Operation *> listed;
  for (auto decl : module.getOps<func::FuncOp>()) {
    auto list = decl->getAttrOfType<ArrayAttr>("tt.kernels");
    if (!list)
      continue;
    KernelGroup group{decl.getSymName().str(), true, {}};
    for (auto ref : list.getAsRange<FlatSymbolRefAttr>())
      if (auto f = module.lookupSymbol<emitc::FuncOp>(ref.getAttr())) {
        group.funcs.push_back(f);
        listed.insert(f);
      }
    groups.push_back(std::move(group));
  }
  KernelGroup rest{"kernel", false, {}};
  for (auto f : module.getOps<emitc::FuncOp>())
    if (f->hasAttr(tt::TTDialect::kKernelKindAttrName) && !listed.count(f))
      rest.funcs.push_back(f);
  if (!rest.funcs.empty())
    groups.push_back(std::move(rest));
  return groups;
}

static LogicalResult writeFile(ModuleOp module, StringRef path,
                               function_ref<LogicalResult(raw_ostream &)> fn) {
  // A failed write (no space, past ulimit -f, no permission) is the file
  // system's doing, not the kernel's: no source location.
  auto writeError = [&](std::error_code ec) {
    return emitError(UnknownLoc::get(module.getContext()))
           << "cannot write '" << path << "': " << ec.message();
  };
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec)
    return writeError(ec);
  if (failed(fn(os)))
    return failure();
  os.close();
  if (os.has_error()) {
    std::error_code error = os.error();
    os.clear_error();
    return writeError(error);
  }
  return success();
}

static LogicalResult emitGroup(ModuleOp module, const KernelGroup &group,
                               const plan::RuntimePlan &plan,
                               const CompileOptions &options, StringRef dir) {
  for (emitc::FuncOp func : group.funcs) {
    auto kind = func->getAttrOfType<tt::KernelKindAttr>(
        tt::TTDialect::kKernelKindAttrName);
    SmallString<256> path(dir);
    llvm::sys::path::append(path, getKernelFileName(kind.getValue()));
    if (failed(writeFile(module, path, [&](raw_ostream &os) {
          return emitKernel(func, options.metalApi, os);
        })))
      return failure();
  }
  SmallString<256> path(dir);
  llvm::sys::path::append(path, "host.cpp");
  if (failed(writeFile(module, path, [&](raw_ostream &os) -> LogicalResult {
        if (llvm::Error err = emitHostProgram(plan, options.hostApi, os))
          return module.emitError() << llvm::toString(std::move(err));
        return success();
      })))
    return failure();
  // The host library host.cpp includes, shipped beside it.
  for (auto [name, text] : getHostLibraryFiles()) {
    path = dir;
    llvm::sys::path::append(path, name);
    if (failed(writeFile(module, path, [&, text = text](raw_ostream &os) {
          os << text;
          return success();
        })))
      return failure();
  }
  path = dir;
  llvm::sys::path::append(path, "CMakeLists.txt");
  if (failed(writeFile(module, path, [&](raw_ostream &os) {
        emitHostCMakeLists(group.name, os);
        return success();
      })))
    return failure();
  path = dir;
  llvm::sys::path::append(path, "tt.plan.json");
  return writeFile(module, path, [&](raw_ostream &os) {
    os << plan::printRuntimePlan(plan);
    return success();
  });
}

LogicalResult
mlir::tilett::metalium::compileToDirectory(ModuleOp module,
                                           const CompileOptions &options,
                                           StringRef outDir) {
  if (failed(runLoweringPipeline(module, options)))
    return failure();
  // The plan is read from the tt-level module, so build it before the
  // kernels become EmitC. Groups not named by a declaration have no kernel
  // name to ask for.
  llvm::StringMap<plan::RuntimePlan> plans;
  for (auto decl : module.getOps<func::FuncOp>()) {
    if (!decl->hasAttr("tt.kernels"))
      continue;
    FailureOr<plan::RuntimePlan> plan =
        getPlan(module, options, decl.getSymName());
    if (failed(plan))
      return failure();
    plans[decl.getSymName()] = std::move(*plan);
  }
  if (failed(convertToEmitC(module, options)))
    return failure();
  SmallVector<KernelGroup> groups = groupKernels(module);
  if (groups.empty())
    return module.emitError()
           << "expected at least one kernel function (tt.kernel_kind) after "
              "lowering but found none";
  for (const KernelGroup &group : groups) {
    if (plans.count(group.name))
      continue;
    FailureOr<plan::RuntimePlan> plan = getPlan(module, options, "");
    if (failed(plan))
      return failure();
    plans[group.name] = std::move(*plan);
  }

  // Written in a staging sibling and moved into place when complete; an
  // existing outDir is replaced only under OutputDirectory.h's rules.
  llvm::Expected<std::unique_ptr<StagedOutputDirectory>> staged =
      StagedOutputDirectory::create(outDir, options.force);
  // Not the module's fault: reported without a source location.
  Location nowhere = UnknownLoc::get(module.getContext());
  if (!staged)
    return emitError(nowhere) << llvm::toString(staged.takeError());
  StringRef tmp = (*staged)->path();
  for (const KernelGroup &group : groups) {
    SmallString<256> dir(tmp);
    if (groups.size() > 1) {
      llvm::sys::path::append(dir, group.name);
      if (std::error_code ec = llvm::sys::fs::create_directories(dir))
        return emitError(nowhere)
               << "cannot create '" << dir << "': " << ec.message();
    }
    if (failed(emitGroup(module, group, plans[group.name], options, dir)))
      return failure();
  }
  if (llvm::Error err = (*staged)->commit())
    return emitError(nowhere) << llvm::toString(std::move(err));
  return success();
}
