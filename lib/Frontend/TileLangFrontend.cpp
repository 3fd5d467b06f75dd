//===- TileLangFrontend.cpp - Reads TileLang scripts into tl IR -----------===//

#include "tilett/Frontend/TileLangFrontend.h"

#include "Interpreter.h"
#include "NoKernelHint.h"
#include "Lexer.h"
#include "Parser.h"

#include "tilett/Dialect/TL/IR/TLOps.h"
#include "tilett/Dialect/TT/IR/TTDialect.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::frontend;

/// The `def name` that starts (with its decorators) on `line`, wherever it
/// is nested; null if there is none. Iterative: nesting is the user's.
static const ast::Stmt *findDefinition(const ast::Block &program,
                                       StringRef name, int64_t line) {
  std::vector<const ast::Block *> work = {&program};
  while (!work.empty()) {
    const ast::Block *block = work.back();
    work.pop_back();
    for (const ast::StmtPtr &s : *block) {
      if (s->kind == ast::Stmt::FunctionDef && s->name == name) {
        int64_t first = s->pos.line;
        for (const ast::ExprPtr &d : s->decorators)
          first = std::min<int64_t>(first, d->pos.line);
        if (first == line || s->pos.line == line)
          return s.get();
      }
      for (const ast::Block *inner : {&s->body, &s->orelse, &s->body2})
        work.push_back(inner);
    }
  }
  return nullptr;
}

/// Verifies the built module, reporting each error in the script's terms:
/// the ops carry the script's locations, so a dump of the op (IR the author
/// never wrote) is dropped, and "'tl.gemm' op expected ..." reads
/// "T.gemm: expected ...", naming the call the author wrote.
static LogicalResult verifyInScriptTerms(ModuleOp module) {
  MLIRContext *ctx = module.getContext();
  bool printOp = ctx->shouldPrintOpOnDiagnostic();
  ctx->printOpOnDiagnostic(false);
  bool reemitting = false;
  ScopedDiagnosticHandler handler(ctx, [&](Diagnostic &diag) {
    if (reemitting || diag.getSeverity() != DiagnosticSeverity::Error)
      return failure(); // to the enclosing handler, unchanged
    std::string text = diag.str();
    StringRef msg = text;
    if (msg.consume_front("'tl.")) {
      auto [op, rest] = msg.split("' op ");
      if (!rest.empty())
        text = ("T." + op + ": " + rest).str();
    }
    reemitting = true;
    InFlightDiagnostic out = emitError(diag.getLocation()) << text;
    for (Diagnostic &note : diag.getNotes())
      out.attachNote(note.getLocation()) << note.str();
    out.report();
    reemitting = false;
    return success();
  });
  LogicalResult verified = verify(module);
  ctx->printOpOnDiagnostic(printOp);
  return verified;
}

static Location posLoc(MLIRContext *ctx, StringRef file, ast::Pos p) {
  return FileLineColLoc::get(ctx, file, p.line, p.col);
}

OwningOpRef<ModuleOp>
frontend::parseTileLangFile(llvm::SourceMgr &sourceMgr, MLIRContext *ctx,
                            const FrontendOptions &opts) {
  ctx->loadDialect<tl::TLDialect, tt::TTDialect, math::MathDialect,
                   arith::ArithDialect, memref::MemRefDialect,
                   scf::SCFDialect, func::FuncDialect>();
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  StringRef file = buffer->getBufferIdentifier();
  Location fileLoc = posLoc(ctx, file, {1, 1});

  std::vector<Token> tokens = tokenize(buffer->getBuffer());
  SyntaxError err;
  std::optional<ast::Block> program = parseModule(tokens, err);
  if (!program) {
    emitError(posLoc(ctx, file, err.pos)) << "syntax error: " << err.message;
    return nullptr;
  }
  ast::ExprPtr entry;
  if (!opts.entry.empty()) {
    std::vector<Token> entryTokens = tokenize(opts.entry);
    entry = parseExpression(entryTokens, err);
    if (!entry) {
      emitError(FileLineColLoc::get(ctx, "<entry>", err.pos.line, err.pos.col))
          << "syntax error in the entry call: " << err.message;
      return nullptr;
    }
  }

  // A definition to build, and the literals it closes over.
  const ast::Stmt *definition = nullptr;
  std::vector<ast::ExprPtr> bindingExprs;
  std::vector<std::pair<std::string, const ast::Expr *>> bindings;
  if (!opts.definitionName.empty()) {
    definition = findDefinition(*program, opts.definitionName,
                                opts.definitionLine);
    if (!definition) {
      emitError(posLoc(ctx, file, {unsigned(opts.definitionLine), 1}))
          << "no definition of '" << opts.definitionName << "' at line "
          << opts.definitionLine << " (was the file changed after it was "
          << "imported?)";
      return nullptr;
    }
    for (const auto &[name, text] : opts.bindings) {
      std::vector<Token> tokens = tokenize(text);
      ast::ExprPtr value = parseExpression(tokens, err);
      if (!value) {
        emitError(posLoc(ctx, file, definition->pos))
            << "the value of '" << name << "' that '" << opts.definitionName
            << "' closes over is not a literal: " << err.message;
        return nullptr;
      }
      bindings.push_back({name, value.get()});
      bindingExprs.push_back(std::move(value));
    }
  }

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  Interpreter interp(ctx, *module, file);
  interp.setCheckTileCompute(opts.checkTileCompute);
  if (failed(interp.runModule(*program,
                              /*buildKernels=*/!entry && !definition)))
    return nullptr;
  if (entry && failed(interp.runEntry(*entry)))
    return nullptr;
  if (definition && failed(interp.runDefinition(*definition, bindings)))
    return nullptr;
  if (interp.getNumKernels() == 0) {
    emitError(fileLoc) << "no kernel was instantiated: expected a "
                          "@T.prim_func, a module-level call of a factory "
                          "that returns one (e.g. `func = matmul(1024, 1024, "
                          "1024, 128, 128, 32)`), a `.compile(M=..., ...)` "
                          "of a @tilelang.jit kernel, or an entry call "
                          "(--entry)"
                       << describeMissingKernel(*program, entry != nullptr);
    return nullptr;
  }
  if (failed(verifyInScriptTerms(*module)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp>
frontend::parseTileLangFile(StringRef path, MLIRContext *ctx,
                            const FrontendOptions &opts) {
  auto file = llvm::MemoryBuffer::getFileOrSTDIN(path);
  if (!file) {
    emitError(UnknownLoc::get(ctx))
        << "cannot open '" << path << "': " << file.getError().message();
    return nullptr;
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());
  return parseTileLangFile(sourceMgr, ctx, opts);
}

void frontend::registerTileLangImport() {
  static llvm::cl::opt<std::string> entry(
      "entry", llvm::cl::desc("TileLang call that instantiates the kernel, "
                              "e.g. \"matmul(512, 512, 256, 64, 64, 32)\""),
      llvm::cl::init(""));
  TranslateToMLIRRegistration reg(
      "import-tilelang", "read a TileLang script (.py) into the tl dialect",
      [](llvm::SourceMgr &sourceMgr, MLIRContext *ctx) -> OwningOpRef<Operation *> {
        FrontendOptions opts;
        opts.entry = entry;
        opts.checkTileCompute = false; // an import: the IR is valid tl
        OwningOpRef<ModuleOp> m = parseTileLangFile(sourceMgr, ctx, opts);
        if (!m)
          return nullptr;
        return OwningOpRef<Operation *>(m.release().getOperation());
      },
      [](DialectRegistry &) {});
}
