//===- pipeline_bench.cpp - Wall time of the compiler per kernel ----------===//
//
// Parse + the five passes (runPipeline, no plan file) for every kernel
// function of the .mlir inputs under test/Transforms/Inputs and every
// TileLang example under examples/tenstorrent (through the frontend, when it
// is built). Each kernel is its own benchmark, so the printed table is the
// pipeline's wall time per kernel; the target is well under 100 ms each.
//
//===----------------------------------------------------------------------===//

#include "tilett/RegisterAll.h"
#include "tilett/Transforms/Pipeline.h"

#ifdef TILETT_HAVE_FRONTEND
#include "tilett/Frontend/TileLangFrontend.h"
#endif

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

using namespace mlir;

namespace {

/// A context with everything tilett registers, single-threaded so the
/// figures measure the passes rather than the thread pool.
std::unique_ptr<MLIRContext> makeContext() {
  DialectRegistry registry;
  tilett::registerAllDialects(registry);
  auto ctx = std::make_unique<MLIRContext>(registry);
  ctx->loadAllAvailableDialects();
  ctx->disableMultithreading();
  return ctx;
}

/// Files under `dir` (relative to the source tree) ending in `suffix`,
/// sorted so the table's order is stable.
std::vector<std::string> listFiles(StringRef dir, StringRef suffix) {
  llvm::SmallString<256> root(TILETT_SOURCE_DIR);
  llvm::sys::path::append(root, dir);
  std::vector<std::string> files;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(root, ec), end; it != end && !ec;
       it.increment(ec))
    if (StringRef(it->path()).ends_with(suffix))
      files.push_back(it->path());
  std::sort(files.begin(), files.end());
  return files;
}

/// Runs `compile` (which parses and lowers one kernel) once per benchmark
/// iteration; the first failure stops the benchmark with its diagnostics.
void runCompile(benchmark::State &state,
                const std::function<LogicalResult(MLIRContext &)> &compile) {
  std::unique_ptr<MLIRContext> ctx = makeContext();
  std::string diagnostics;
  ScopedDiagnosticHandler handler(ctx.get(), [&](Diagnostic &diag) {
    if (diag.getSeverity() == DiagnosticSeverity::Error)
      diagnostics += diag.str() + "\n";
    return success();
  });
  for (auto _ : state) {
    if (failed(compile(*ctx))) {
      state.SkipWithError(("pipeline failed: " + diagnostics).c_str());
      return;
    }
  }
}

/// One benchmark per kernel function of `path`: the function (with the
/// module's attributes) is printed into its own module text, so each
/// iteration parses only that kernel.
void registerMlirFile(const std::string &path) {
  std::unique_ptr<MLIRContext> ctx = makeContext();
  ScopedDiagnosticHandler quiet(ctx.get(), [](Diagnostic &) { return success(); });
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(path, ctx.get());
  if (!module) {
    llvm::errs() << "pipeline-bench: skipping " << path
                 << ": it does not parse\n";
    return;
  }
  for (auto func : module->getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    OwningOpRef<ModuleOp> single = ModuleOp::create(module->getLoc());
    single->getOperation()->setAttrs(module->getOperation()->getAttrs());
    single->getBody()->push_back(func->clone());
    std::string text;
    llvm::raw_string_ostream os(text);
    single->print(os);
    std::string name = llvm::sys::path::stem(path).str() + "/" +
                       func.getSymName().str();
    benchmark::RegisterBenchmark(
        name.c_str(),
        [text](benchmark::State &state) {
          runCompile(state, [&](MLIRContext &ctx) -> LogicalResult {
            OwningOpRef<ModuleOp> m = parseSourceString<ModuleOp>(text, &ctx);
            if (!m)
              return failure();
            return tilett::runPipeline(*m);
          });
        })
        ->Unit(benchmark::kMillisecond);
  }
}

#ifdef TILETT_HAVE_FRONTEND
/// One benchmark per TileLang script: the frontend's parse is part of it.
void registerPythonFile(const std::string &path) {
  std::string name = "examples/" + llvm::sys::path::filename(path).str();
  benchmark::RegisterBenchmark(
      name.c_str(),
      [path](benchmark::State &state) {
        runCompile(state, [&](MLIRContext &ctx) -> LogicalResult {
          OwningOpRef<ModuleOp> m =
              tilett::frontend::parseTileLangFile(path, &ctx, {});
          if (!m)
            return failure();
          return tilett::runPipeline(*m);
        });
      })
      ->Unit(benchmark::kMillisecond);
}
#endif

} // namespace

int main(int argc, char **argv) {
  for (const std::string &path : listFiles("test/Transforms/Inputs", ".mlir"))
    registerMlirFile(path);
  for (const std::string &path : listFiles("examples/tenstorrent", ".mlir"))
    registerMlirFile(path);
#ifdef TILETT_HAVE_FRONTEND
  for (const std::string &path : listFiles("examples/tenstorrent", ".py"))
    registerPythonFile(path);
#endif
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
