//===- Run.cpp - `tilett run`: compile, emulate, check --------------------===//
//
// The flow: parse → draw inputs (seeded, rounded to their dtypes) → reference
// (TLInterpreter, fp64) → compile (the CLI's pipeline) → emulate
// (PlanRunner) → compare each output against a tolerance derived from the
// dtypes and the reduction length. The report format is stable; tests match
// it with FileCheck (docs/tenstorrent/RUNNING.md).
//
//===----------------------------------------------------------------------===//

#include "tilett/Runner/Run.h"

#include "tilett/Dialect/TL/IR/TLOps.h"
#include "tilett/Frontend/TileLangFrontend.h"
#include "tilett/RegisterAll.h"
#include "tilett/Runner/PlanRunner.h"
#include "tilett/Runner/TLInterpreter.h"
#include "tilett/Support/OutputDirectory.h"
#include "tilett/Target/Metalium/Compile.h"
#include "tilett/Target/Metalium/PlanJSON.h"
#include "tilett/Target/Metalium/RuntimePlan.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

#include <cmath>
#include <random>

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::runner;

namespace {

/// Role of a global buffer, from the dataflow (never from its name).
struct Roles {
  bool read = false, written = false;
};

/// A kernel function and what the check needs to know about it.
struct KernelInfo {
  std::string name;
  SmallVector<std::string> argNames;
  SmallVector<Type> elementTypes;
  SmallVector<SmallVector<int64_t>> shapes;
  SmallVector<Roles> roles;
  /// Unit step of the coarsest number format the kernel's data passes
  /// through (see unitStep()).
  double dataEps = 0;
  /// The kernel multiplies on the FPU (a gemm or an element-wise
  /// multiply), where the math fidelity drops mantissa bits.
  bool fpuMultiplies = false;
  /// Longest reduction (gemm K over all its loop trips, or a reduce extent).
  int64_t reductionLength = 1;
  /// max|x| over the inputs: the floor of each output's error scale.
  double inputScale = 0;
  SmallVector<HostTensor> reference;
  SmallVector<HostTensor> inputs;
};

} // namespace

/// 2^-(mantissa bits): the spacing of the format's values just above 1. An
/// fp32 operand counts as 2^-10: the FPU's source registers keep 10 mantissa
/// bits, so that is what matmul, element-wise and reduce tiles see.
static double unitStep(Type type) {
  if (type.isBF16())
    return std::ldexp(1.0, -7);
  if (type.isF16() || type.isF32())
    return std::ldexp(1.0, -10);
  return 0.0; // integers and fp64 are exact here
}

static int64_t constantTripCount(Operation *op) {
  if (auto loop = dyn_cast<tl::PipelinedOp>(op))
    return std::max<int64_t>(loop.getTripCount(), 1);
  if (auto loop = dyn_cast<scf::ForOp>(op)) {
    auto lb = getConstantIntValue(loop.getLowerBound());
    auto ub = getConstantIntValue(loop.getUpperBound());
    auto step = getConstantIntValue(loop.getStep());
    if (lb && ub && step && *step > 0)
      return std::max<int64_t>((*ub - *lb + *step - 1) / *step, 1);
  }
  return 1;
}

static KernelInfo analyzeKernel(func::FuncOp func) {
  KernelInfo info;
  info.name = func.getSymName().str();
  info.roles.resize(func.getNumArguments());
  for (BlockArgument arg : func.getArguments()) {
    info.argNames.push_back(tl::getBufferName(arg));
    auto type = cast<MemRefType>(arg.getType());
    info.elementTypes.push_back(type.getElementType());
    info.shapes.emplace_back(type.getShape());
  }
  auto argIndex = [&](Value v) -> int {
    auto arg = dyn_cast<BlockArgument>(v);
    if (!arg || arg.getOwner()->getParentOp() != func)
      return -1;
    return arg.getArgNumber();
  };
  func.walk([&](Operation *op) {
    for (Value v : op->getOperands())
      if (auto type = dyn_cast<MemRefType>(v.getType()))
        info.dataEps = std::max(info.dataEps, unitStep(type.getElementType()));
    for (Value v : op->getResults())
      if (auto type = dyn_cast<MemRefType>(v.getType()))
        info.dataEps = std::max(info.dataEps, unitStep(type.getElementType()));
    if (auto copy = dyn_cast<tl::CopyOp>(op)) {
      if (int i = argIndex(copy.getSrc()); i >= 0)
        info.roles[i].read = true;
      if (int i = argIndex(copy.getDst()); i >= 0)
        info.roles[i].written = true;
    } else if (auto load = dyn_cast<memref::LoadOp>(op)) {
      if (int i = argIndex(load.getMemRef()); i >= 0)
        info.roles[i].read = true;
    } else if (auto store = dyn_cast<memref::StoreOp>(op)) {
      if (int i = argIndex(store.getMemRef()); i >= 0)
        info.roles[i].written = true;
    } else if (isa<arith::MulFOp>(op)) {
      info.fpuMultiplies = true;
    } else if (auto gemm = dyn_cast<tl::GemmOp>(op)) {
      info.fpuMultiplies = true;
      auto a = cast<MemRefType>(gemm.getA().getType());
      int64_t k = gemm.getTransposeA() ? a.getDimSize(0) : a.getDimSize(1);
      for (Operation *p = op->getParentOp(); p && !isa<tl::KernelOp>(p);
           p = p->getParentOp())
        k *= constantTripCount(p);
      info.reductionLength = std::max(info.reductionLength, k);
    } else if (auto reduce = dyn_cast<tl::ReduceOp>(op)) {
      auto src = cast<MemRefType>(reduce.getSrc().getType());
      int64_t dim = reduce.getDim();
      if (dim >= 0 && dim < src.getRank())
        info.reductionLength =
            std::max(info.reductionLength, src.getDimSize(dim));
    }
  });
  return info;
}

static std::string shapeString(ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "[";
  llvm::interleave(shape, os, ",");
  os << "]";
  return s;
}

/// Finds the directory holding the kernel's tt.plan.json.
static std::optional<std::string> findPlanDir(StringRef outDir,
                                              StringRef kernel) {
  SmallString<256> direct(outDir), nested(outDir);
  llvm::sys::path::append(direct, "tt.plan.json");
  if (llvm::sys::fs::exists(direct))
    return outDir.str();
  llvm::sys::path::append(nested, kernel, "tt.plan.json");
  if (llvm::sys::fs::exists(nested))
    return llvm::sys::path::parent_path(nested).str();
  return std::nullopt;
}

/// What the plan's compute kernel says about its arithmetic, as the host
/// runs it: the typed reader's defaults (tt-metal's ComputeConfig: no fp32
/// accumulation, HiFi4) when the plan does not say.
struct PlanCompute {
  bool fp32Acc = false;
  std::string mathFidelity = kDefaultMathFidelity.str();
};

static PlanCompute planCompute(StringRef planDir) {
  PlanCompute result;
  SmallString<256> path(planDir);
  llvm::sys::path::append(path, "tt.plan.json");
  auto file = llvm::MemoryBuffer::getFile(path);
  if (!file)
    return result;
  llvm::Expected<llvm::json::Value> value =
      parsePlanJSON((*file)->getBuffer());
  if (!value) {
    llvm::consumeError(value.takeError());
    return result;
  }
  llvm::Expected<RunnablePlan> typed = readRunnablePlan(*value);
  if (!typed) {
    // The run itself reports the plan's problem.
    llvm::consumeError(typed.takeError());
    return result;
  }
  for (const ::tilett_host::Kernel &k : typed->host.kernels)
    if (k.kind == ::tilett_host::KernelKind::Compute) {
      result.fp32Acc = k.fp32DestAccEn;
      result.mathFidelity = ::tilett_host::kFidelityNames[unsigned(k.fidelity)];
    }
  return result;
}

/// Bound on the relative error of one FPU product at `fidelity`
/// (RUNNING.md, "Tolerance"). The multiplier sees 11-bit significands split
/// into srcA 5 high / 6 low bits and srcB 7 high / 4 low bits; pass 0 is
/// A.hi x B.hi, pass 1 adds A.lo x B.hi, pass 2 A.hi x B.lo, pass 3
/// A.lo x B.lo (runtime/docs/NUMERICS.md). The parts a fidelity skips are
/// truncated away: LoFi loses A's tail (< 2^-4 of A) and B's (< 2^-6 of
/// B), HiFi2 only B's, HiFi3 only their product, HiFi4 nothing.
static double fidelityEps(StringRef fidelity) {
  if (fidelity == "LoFi")
    return std::ldexp(1.0, -4) + std::ldexp(1.0, -6);
  if (fidelity == "HiFi2")
    return std::ldexp(1.0, -6);
  if (fidelity == "HiFi3")
    return std::ldexp(1.0, -10);
  return 0.0;
}

static OwningOpRef<ModuleOp> parseInput(const RunOptions &options,
                                        MLIRContext &context,
                                        llvm::SourceMgr &sourceMgr,
                                        llvm::raw_ostream &err) {
  if (StringRef(options.input).ends_with(".mlir")) {
    std::string error;
    auto file = openInputFile(options.input, &error);
    if (!file) {
      err << "tilett run: " << error << "\n";
      return nullptr;
    }
    sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
    return parseSourceFile<ModuleOp>(sourceMgr, &context);
  }
  frontend::FrontendOptions frontendOptions;
  frontendOptions.entry = options.entry;
  return frontend::parseTileLangFile(options.input, &context, frontendOptions);
}

int mlir::tilett::runner::runTileLangKernel(const RunOptions &options,
                                            llvm::raw_ostream &out,
                                            RunSummary *summary) {
  llvm::raw_ostream &err = options.errors ? *options.errors : llvm::errs();
  RunSummary local;
  RunSummary &sum = summary ? *summary : local;
  sum = RunSummary();
  DialectRegistry registry;
  registerAllDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // Errors name file:line:col in the script; a dump of the op that failed
  // speaks the compiler's language (as `tilett compile`).
  context.printOpOnDiagnostic(false);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, &context, err);

  OwningOpRef<ModuleOp> module = parseInput(options, context, sourceMgr, err);
  if (!module)
    return RunError;

  // Inputs and reference first: the compile pipeline rewrites the module.
  std::mt19937_64 rng(options.seed);
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  std::vector<KernelInfo> kernels;
  for (auto func : module->getOps<func::FuncOp>()) {
    if (func.isExternal() || func.getOps<tl::KernelOp>().empty())
      continue;
    KernelInfo info = analyzeKernel(func);
    for (auto [i, arg] : llvm::enumerate(func.getArguments())) {
      auto type = cast<MemRefType>(arg.getType());
      // Held in the element type's own width (HostTensor.h).
      HostTensor t(type.getShape(), hostKindOf(type.getElementType()));
      if (info.roles[i].read)
        for (int64_t e = 0, n = t.numElements(); e < n; ++e) {
          double v = roundToElementType(uniform(rng), type.getElementType());
          t.set(e, v);
          info.inputScale = std::max(info.inputScale, std::fabs(v));
        }
      info.inputs.push_back(std::move(t));
    }
    // The reference needs its own copy only of what it both reads and
    // writes: a tensor it only reads is lent to it and handed back, and
    // one it only writes starts from zeros on both sides (the runner
    // zero-fills a buffer it is given no tensor for), so the device side
    // gets an empty tensor. Copies of such tensors were most of a large
    // run's peak memory.
    size_t numArgs = info.inputs.size();
    info.reference.resize(numArgs);
    for (size_t i = 0; i < numArgs; ++i) {
      if (info.roles[i].written && info.roles[i].read)
        info.reference[i] = info.inputs[i];
      else
        info.reference[i] = std::move(info.inputs[i]);
    }
    // Timing only: the emulator skips numerics, so there is nothing to check
    // and no reference to compute.
    LogicalResult interpreted =
        options.timingOnly ? success()
                           : interpretKernel(func, info.reference);
    for (size_t i = 0; i < numArgs; ++i)
      if (!info.roles[i].written)
        info.inputs[i] = std::move(info.reference[i]);
      else if (!info.roles[i].read)
        info.inputs[i] = HostTensor();
    if (failed(interpreted)) {
      err << "tilett run: the reference interpreter failed on '" << info.name
          << "'\n";
      return RunError;
    }
    kernels.push_back(std::move(info));
  }
  if (kernels.empty()) {
    err << "tilett run: expected a kernel function (a func.func "
           "holding a tl.kernel) in '"
        << options.input << "' but found none\n";
    return RunError;
  }

  // Compile. A temporary output is private to this run and removed on every
  // exit (a signal included); a named one is written by the compile step
  // under the output-directory rules (Support/OutputDirectory.h).
  SmallString<256> outDir(options.outDir);
  bool temporary = outDir.empty();
  if (temporary) {
    llvm::Expected<std::string> dir = createTemporaryDirectory("tilett-run");
    if (!dir) {
      err << "tilett run: " << llvm::toString(dir.takeError()) << "\n";
      return RunError;
    }
    outDir = *dir;
    llvm::sys::path::append(outDir, "out");
  } else if (llvm::Error e = checkOutputTarget(outDir, options.force)) {
    err << "tilett run: " << llvm::toString(std::move(e)) << "\n";
    return RunError;
  }
  llvm::scope_exit cleanup([&] {
    if (temporary && !options.keepOutput)
      removeTemporaryDirectory(llvm::sys::path::parent_path(outDir));
  });
  if (options.compile) {
    if (failed(options.compile(*module, outDir)))
      return RunError;
  } else {
    metalium::CompileOptions compileOptions;
    compileOptions.arch = options.arch;
    compileOptions.coreGrid = options.coreGrid;
    compileOptions.strategy = options.strategy;
    compileOptions.kBlock = options.kBlock;
    compileOptions.blockFactor = options.blockFactor;
    compileOptions.mathFidelity = options.mathFidelity;
    compileOptions.mathApprox = options.mathApprox;
    metalium::applyEnvironment(compileOptions);
    if (failed(metalium::compileToDirectory(*module, compileOptions, outDir)))
      return RunError;
  }
  sum.compiled = true;

  int status = RunPass;
  for (KernelInfo &info : kernels) {
    std::optional<std::string> planDir = findPlanDir(outDir, info.name);
    if (!planDir) {
      err << "tilett run: no tt.plan.json for '" << info.name << "' under '"
          << outDir << "'\n";
      return RunError;
    }
    out << "kernel " << info.name;
    for (auto [name, type, shape] :
         llvm::zip(info.argNames, info.elementTypes, info.shapes))
      out << "  " << name << ":" << type << shapeString(shape);
    out << "  K " << info.reductionLength << "  seed " << options.seed << "\n";

    llvm::StringMap<HostTensor> inputs;
    // Moved, not copied: nothing reads info.inputs after this, and a copy
    // of every tensor was a quarter of a large run's peak memory.
    for (auto [name, t] : llvm::zip(info.argNames, info.inputs))
      if (!t.shape.empty() || t.size())
        inputs[name] = std::move(t);
    PlanRunOptions runOptions;
    runOptions.useHostProgram = options.useHostProgram;
    llvm::Expected<PlanRunResult> result =
        runCompiledKernel(*planDir, inputs, runOptions);
    if (!result) {
      err << "tilett run: " << llvm::toString(result.takeError()) << "\n";
      return RunError;
    }

    // Tolerance, relative to the output's scale max|ref| (RUNNING.md): twice
    // (the data format's unit step + the accumulator's unit step grown by
    // sqrt(K), the random walk of K roundings in a 16-bit DST), plus the
    // fidelity's bound on one product's relative error. That term neither
    // grows with K nor needs the factor 2: each product's error has the
    // product's sign, so over K products it walks as the sum itself does and
    // stays below that bound times the output's scale.
    PlanCompute compute = planCompute(*planDir);
    double accEps = compute.fp32Acc ? std::ldexp(1.0, -23)
                                    : std::ldexp(1.0, -7);
    double mulEps =
        info.fpuMultiplies ? fidelityEps(compute.mathFidelity) : 0.0;
    double relTol = options.relTolerance.value_or(
        2.0 * (info.dataEps +
               accEps * std::sqrt(double(info.reductionLength))) +
        mulEps);

    for (auto [i, name] : llvm::enumerate(info.argNames)) {
      if (!info.roles[i].written || options.timingOnly)
        continue;
      auto it = result->outputs.find(name);
      if (it == result->outputs.end()) {
        err << "tilett run: the plan has no output buffer '" << name << "'\n";
        return RunError;
      }
      const HostTensor &ref = info.reference[i], &dev = it->second;
      // The scale is at least the inputs' (RUNNING.md): an output that
      // cancels to ~0 still carries roundings of operands that size.
      double scale = info.inputScale, maxAbs = 0;
      bool nan = false;
      if (ref.numElements() != dev.numElements()) {
        err << "tilett run: output '" << name << "' has "
            << dev.numElements() << " elements, the reference "
            << ref.numElements() << "\n";
        return RunError;
      }
      for (int64_t x = 0, n = ref.numElements(); x < n; ++x) {
        double r = ref.get(x), d = dev.get(x);
        scale = std::max(scale, std::fabs(r));
        double e = std::fabs(r - d);
        nan |= std::isnan(e);
        maxAbs = std::max(maxAbs, e);
      }
      double tol = relTol * scale;
      double maxRel = scale > 0 ? maxAbs / scale : (maxAbs > 0 ? INFINITY : 0);
      bool pass = !nan && maxAbs <= tol;
      out << llvm::formatv("output {0}  max_abs_err {1:e1}  max_rel_err {2:e1}  "
                           "tolerance {3:e1}  {4}\n",
                           name, nan ? NAN : maxAbs, nan ? NAN : maxRel, tol,
                           pass ? "PASS" : "FAIL");
      if (!pass)
        status = RunFail;
    }
    if (result->deviceUs) {
      sum.deviceUs = sum.deviceUs.value_or(0.0) + *result->deviceUs;
      sum.tflops = result->tflops;
    }
    if (result->deviceUs)
      out << llvm::formatv("device_time_us {0:f1}  tflops {1:f3}\n",
                           *result->deviceUs, result->tflops.value_or(0.0));
  }
  if (options.timingOnly)
    out << "TIMED (timing only: numerics skipped, outputs not checked)\n";
  else
    out << (status == RunPass ? "PASS" : "FAIL") << "\n";
  if (options.keepOutput)
    out << "output_dir " << outDir << "\n";
  return status;
}
