//===- FrontendFuzzer.cpp - libFuzzer entry for the TileLang reader -------===//
//
// Build by hand (`ninja tilett-frontend-fuzzer`) and run with a corpus
// directory seeded from examples/tenstorrent and test/Frontend/Inputs. Any
// input must end in a module or an error diagnostic, never a crash.
//
//===----------------------------------------------------------------------===//

#include "tilett/Frontend/TileLangFrontend.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static mlir::MLIRContext ctx;
  mlir::ScopedDiagnosticHandler quiet(&ctx, [](mlir::Diagnostic &) {
    return mlir::success();
  });
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size),
          "fuzz.py"),
      llvm::SMLoc());
  (void)mlir::tilett::frontend::parseTileLangFile(sourceMgr, &ctx, {});
  return 0;
}
