//===- TileLangFrontend.h - Reads TileLang scripts into tl IR ---*- C++ -*-===//
//
// Reads TileLang scripts (Python) as their authors write them and produces
// the `tl` dialect: one kernel func.func per instantiated `@T.prim_func`.
//
//===----------------------------------------------------------------------===//

#ifndef TILETT_FRONTEND_TILELANGFRONTEND_H
#define TILETT_FRONTEND_TILELANGFRONTEND_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/SourceMgr.h"

#include <string>
#include <utility>
#include <vector>

namespace mlir::tilett::frontend {

struct FrontendOptions {
  /// A call that instantiates the kernel, e.g. "matmul(512, 512, 256, 64, 64,
  /// 32)". Empty: use the script's module-level or main() call.
  std::string entry;
  /// Instead of an entry call: build the `@T.prim_func` named
  /// `definitionName` whose definition (or first decorator) starts on line
  /// `definitionLine`, wherever it is nested, with `bindings` (name ->
  /// Python literal) for the values it closes over; other names resolve in
  /// the module's global scope. This is how the Python bindings compile a
  /// kernel CPython has defined: from its own source, with its values.
  std::string definitionName;
  int64_t definitionLine = 0;
  std::vector<std::pair<std::string, std::string>> bindings;
  /// Reject, at its source location, element-wise code the Tenstorrent
  /// lowering cannot compile (a T.if_then_else on loop indices), instead of
  /// leaving it to fail in the lowering in IR terms. Off for a plain import
  /// (tilett-translate), whose IR is valid tl either way.
  bool checkTileCompute = true;
};

/// Parses a TileLang script and returns a module holding one kernel func per
/// instantiated prim_func. Errors are emitted as MLIR diagnostics at
/// file:line:col (FileLineColLoc) and yield nullptr.
OwningOpRef<ModuleOp> parseTileLangFile(llvm::SourceMgr &sourceMgr,
                                        MLIRContext *ctx,
                                        const FrontendOptions &opts);
OwningOpRef<ModuleOp> parseTileLangFile(StringRef path, MLIRContext *ctx,
                                        const FrontendOptions &opts);

/// Registers `--import-tilelang` with mlir-translate style drivers.
void registerTileLangImport();

} // namespace mlir::tilett::frontend

#endif // TILETT_FRONTEND_TILELANGFRONTEND_H
