//===- PythonAPI.cpp - What the Python bindings call ---------------------===//

#include "tilett/Python/PythonAPI.h"

#include "tilett/Dialect/TT/IR/TTSugar.h"
#include "tilett/Frontend/TileLangFrontend.h"
#include "tilett/RegisterAll.h"
#include "tilett/Runner/PlanRunner.h"
#include "tilett/Target/Metalium/Compile.h"
#include "tilett/Target/Metalium/PlanJSON.h"
#include "tilett/Target/Metalium/RuntimePlan.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/Sequence.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::tilett;

namespace {

/// A context with every dialect and pass of tilett, whose diagnostics are
/// collected as text with their source lines, as `tilett` prints them.
class Session {
public:
  Session() : ctx(makeRegistry()) {
    ctx.loadAllAvailableDialects();
    ctx.printOpOnDiagnostic(false);
  }
  MLIRContext ctx;
  llvm::SourceMgr sourceMgr;
  std::string diagnostics;

  /// Adds `buffer` as the main file and starts collecting diagnostics.
  void addSource(std::unique_ptr<llvm::MemoryBuffer> buffer) {
    sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
    handler = std::make_unique<SourceMgrDiagnosticHandler>(sourceMgr, &ctx,
                                                           stream);
  }
  /// The collected errors, or `fallback` if the failure said nothing.
  std::string errors(const std::string &fallback) {
    stream.flush();
    return diagnostics.empty() ? fallback : diagnostics;
  }

private:
  static DialectRegistry makeRegistry() {
    static const bool passes = [] {
      registerAllPasses();
      return true;
    }();
    (void)passes;
    DialectRegistry registry;
    registerAllDialects(registry);
    return registry;
  }
  llvm::raw_string_ostream stream{diagnostics};
  std::unique_ptr<SourceMgrDiagnosticHandler> handler;
};

/// Reads and imports a script; null after an error (in `session`).
OwningOpRef<ModuleOp> importInto(Session &session, const std::string &path,
                                 const python::Instantiation &what,
                                 std::string &error) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    error = "cannot read '" + path + "': " + buffer.getError().message();
    return nullptr;
  }
  session.addSource(std::move(*buffer));
  frontend::FrontendOptions options;
  options.entry = what.entry;
  options.definitionName = what.name;
  options.definitionLine = what.line;
  options.bindings = what.bindings;
  OwningOpRef<ModuleOp> module =
      frontend::parseTileLangFile(session.sourceMgr, &session.ctx, options);
  if (!module)
    error = session.errors("cannot import '" + path + "'");
  return module;
}

/// Parses MLIR text as the session's main file; null after an error.
OwningOpRef<ModuleOp> parseInto(Session &session, const std::string &mlir) {
  session.addSource(llvm::MemoryBuffer::getMemBufferCopy(mlir, "<module>"));
  return parseSourceFile<ModuleOp>(session.sourceMgr, &session.ctx);
}

/// The compile options `settings` name, by the names the command line
/// takes; "" or the message for a name that is none of them.
std::string toCompileOptions(const python::CompileSettings &settings,
                             metalium::CompileOptions &options) {
  std::optional<tt::Arch> arch = parseOptionEnum<tt::Arch>(settings.arch);
  if (!arch)
    return describeInvalidOptionEnum<tt::Arch>("arch=", settings.arch);
  std::optional<tt::MathFidelity> fidelity =
      parseOptionEnum<tt::MathFidelity>(settings.mathFidelity);
  if (!fidelity)
    return describeInvalidOptionEnum<tt::MathFidelity>(
        "math_fidelity=", settings.mathFidelity);
  options.arch = *arch;
  options.coreGrid = settings.coreGrid;
  options.mathFidelity = *fidelity;
  options.mathApprox = settings.mathApprox;
  return "";
}

} // namespace

std::string python::compileScript(const std::string &path,
                                  const Instantiation &what,
                                  const std::string &outDir,
                                  const CompileSettings &settings) {
  Session session;
  std::string error;
  OwningOpRef<ModuleOp> module = importInto(session, path, what, error);
  if (!module)
    return error;
  metalium::CompileOptions options;
  if (std::string bad = toCompileOptions(settings, options); !bad.empty())
    return bad;
  if (failed(metalium::compileToDirectory(*module, options, outDir)))
    return session.errors("compiling '" + path + "' failed");
  return "";
}

std::string python::compileModule(const std::string &mlir,
                                  const std::string &outDir,
                                  const CompileSettings &settings) {
  Session session;
  OwningOpRef<ModuleOp> module = parseInto(session, mlir);
  if (!module)
    return session.errors("cannot parse the module");
  metalium::CompileOptions options;
  if (std::string bad = toCompileOptions(settings, options); !bad.empty())
    return bad;
  if (failed(metalium::compileToDirectory(*module, options, outDir)))
    return session.errors("compiling the module failed");
  return "";
}

std::string python::importScript(const std::string &path,
                                 const Instantiation &what,
                                 std::string &mlir) {
  Session session;
  std::string error;
  OwningOpRef<ModuleOp> module = importInto(session, path, what, error);
  if (!module)
    return error;
  llvm::raw_string_ostream os(mlir);
  module->print(os);
  return "";
}

std::string python::runPasses(const std::string &mlir,
                              const std::string &pipeline,
                              std::string &result) {
  Session session;
  OwningOpRef<ModuleOp> module = parseInto(session, mlir);
  if (!module)
    return session.errors("cannot parse the module");
  PassManager pm(&session.ctx);
  std::string parseErrors;
  llvm::raw_string_ostream parseStream(parseErrors);
  if (failed(parsePassPipeline(pipeline, pm, parseStream)))
    return "invalid pass pipeline '" + pipeline + "': " + parseErrors;
  if (failed(pm.run(*module)))
    return session.errors("the pass pipeline '" + pipeline + "' failed");
  llvm::raw_string_ostream os(result);
  module->print(os);
  return "";
}

std::string python::applySugar(const std::string &mlir,
                               const std::string &sugar,
                               const std::vector<std::string> &args,
                               std::string &result) {
  Session session;
  OwningOpRef<ModuleOp> module = parseInto(session, mlir);
  if (!module)
    return session.errors("cannot parse the module");
  std::function<LogicalResult(func::FuncOp)> apply;
  if (sugar == "with_core_grid" && args.size() == 2) {
    int64_t gx, gy;
    if (StringRef(args[0]).getAsInteger(10, gx) ||
        StringRef(args[1]).getAsInteger(10, gy))
      return "with_core_grid: expected two integers but got '" + args[0] +
             "', '" + args[1] + "'";
    apply = [=](func::FuncOp f) { return tt::withCoreGrid(f, gx, gy); };
  } else if (sugar == "with_layout_desc" && args.size() == 2) {
    Attribute layout = parseAttribute(args[1], &session.ctx);
    if (!layout)
      return session.errors("with_layout_desc: cannot parse the layout '" +
                            args[1] + "'");
    std::string buffer = args[0];
    apply = [=](func::FuncOp f) {
      return tt::withLayoutDesc(f, buffer, layout);
    };
  } else if (sugar == "with_compute_config" && args.size() == 2) {
    // Arguments: the fidelity name and "true"/"false"; "" leaves either as
    // it is.
    std::optional<std::string> fidelity;
    std::optional<bool> approx;
    if (!args[0].empty())
      fidelity = args[0];
    if (args[1] == "true" || args[1] == "false")
      approx = args[1] == "true";
    else if (!args[1].empty())
      return "with_compute_config: expected math_approx_mode true or false "
             "but got '" + args[1] + "'";
    apply = [=](func::FuncOp f) {
      return tt::withComputeConfig(
          f, fidelity ? std::optional<StringRef>(*fidelity) : std::nullopt,
          approx);
    };
  } else if (sugar == "with_core_ranges") {
    // Each argument "sx,sy,ex,ey".
    std::vector<tt::CoreRange> ranges;
    for (const std::string &arg : args) {
      SmallVector<StringRef> parts;
      StringRef(arg).split(parts, ',');
      int64_t v[4];
      if (parts.size() != 4 ||
          llvm::any_of(llvm::seq(0, 4), [&](int i) {
            return parts[i].trim().getAsInteger(10, v[i]);
          }))
        return "with_core_ranges: expected 'sx,sy,ex,ey' but got '" + arg +
               "'";
      ranges.push_back({v[0], v[1], v[2], v[3]});
    }
    apply = [=](func::FuncOp f) { return tt::withCoreRanges(f, ranges); };
  } else if (sugar == "with_work_partition") {
    // Arguments in pairs: a core key "(x,y)", then its items
    // "io,jo,len_k,len_m,len_n;..." (empty for none).
    if (args.size() % 2)
      return "with_work_partition: expected core/items pairs";
    tt::WorkPartition work;
    for (size_t i = 0; i < args.size(); i += 2) {
      std::vector<tt::WorkItem> &items = work[args[i]];
      SmallVector<StringRef> entries;
      StringRef(args[i + 1]).split(entries, ';', -1, /*KeepEmpty=*/false);
      for (StringRef entry : entries) {
        SmallVector<StringRef> parts;
        entry.split(parts, ',');
        int64_t v[5];
        if (parts.size() != 5 ||
            llvm::any_of(llvm::seq(0, 5), [&](int k) {
              return parts[k].trim().getAsInteger(10, v[k]);
            }))
          return "with_work_partition: expected 'io,jo,len_k,len_m,len_n' "
                 "but got '" +
                 entry.str() + "'";
        tt::WorkItem item;
        item.io = v[0];
        item.jo = v[1];
        item.lenK = v[2];
        item.lenM = v[3];
        item.lenN = v[4];
        items.push_back(item);
      }
    }
    apply = [=](func::FuncOp f) { return tt::withWorkPartition(f, work); };
  } else {
    return "unknown IR sugar '" + sugar + "' with " +
           std::to_string(args.size()) + " arguments";
  }
  bool any = false;
  for (auto func : module->getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    any = true;
    if (failed(apply(func)))
      return session.errors(sugar + " failed");
  }
  if (!any)
    return sugar + ": the module has no kernel function";
  llvm::raw_string_ostream os(result);
  module->print(os);
  return "";
}

std::string python::validatePlan(const std::string &text,
                                 std::vector<std::string> &errors) {
  llvm::Expected<llvm::json::Value> plan = parsePlanJSON(text);
  if (!plan) {
    errors.push_back(llvm::toString(plan.takeError()));
    return "";
  }
  errors = validateRuntimePlan(*plan);
  return "";
}

std::string python::readBuffers(const std::string &planDir,
                                std::vector<Buffer> &out) {
  llvm::SmallString<256> plan(planDir);
  llvm::sys::path::append(plan, "tt.plan.json");
  llvm::Expected<std::vector<runner::PlanBuffer>> buffers =
      runner::readPlanBuffers(plan);
  if (!buffers)
    return llvm::toString(buffers.takeError());
  for (const runner::PlanBuffer &b : *buffers)
    out.push_back({b.name, b.dtype, b.role,
                   std::vector<int64_t>(b.shape.begin(), b.shape.end()),
                   b.argIndex});
  llvm::sort(out, [](const Buffer &a, const Buffer &b) {
    return a.argIndex < b.argIndex;
  });
  return "";
}

std::string python::runKernel(const std::string &planDir,
                              const std::map<std::string, Tensor> &inputs,
                              RunResult &result) {
  llvm::StringMap<runner::HostTensor> hostInputs;
  for (const auto &[name, tensor] : inputs) {
    runner::HostTensor t;
    t.shape.assign(tensor.shape.begin(), tensor.shape.end());
    t.data = tensor.data;
    hostInputs[name] = std::move(t);
  }
  llvm::Expected<runner::PlanRunResult> run =
      runner::runCompiledKernel(planDir, hostInputs);
  if (!run)
    return llvm::toString(run.takeError());
  for (auto &entry : run->outputs) {
    // Outputs come back in their dtype's width; Python takes doubles.
    const runner::HostTensor &t = entry.getValue();
    std::vector<double> values(t.size());
    for (size_t i = 0; i < values.size(); ++i)
      values[i] = t.get(i);
    result.outputs[entry.getKey().str()] = {
        std::vector<int64_t>(t.shape.begin(), t.shape.end()),
        std::move(values)};
  }
  result.deviceUs = run->deviceUs.value_or(-1.0);
  return "";
}
