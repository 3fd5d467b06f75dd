//===- Modules.cpp - Sibling modules a script imports ---------------------===//
//
// Real TileLang programs span files: a benchmark imports its kernel factory
// from the example beside it (`from example_mla_decode_paged import
// mla_decode_tilelang`). `import helper` or `from helper import f`, when
// helper.py sits in the script's directory, runs that file once as Python
// would (with `__name__` the module's name, so its driver block does not
// run) and binds the names asked for. Its positions keep their own file
// name. Any other module is a library the compiler does not read.
//
//===----------------------------------------------------------------------===//

#include "Interpreter.h"
#include "Lexer.h"
#include "Parser.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace mlir::tilett::frontend;

std::shared_ptr<Env> Interpreter::newGlobals(StringRef moduleName) {
  auto env = std::make_shared<Env>();
  env->vars["__name__"] = Val::str(moduleName.str());
  for (const char *b : {"range", "min", "max", "len", "int", "float", "print",
                        "abs", "bool", "str", "tuple", "list", "isinstance",
                        "sum", "any", "all", "dict", "zip", "enumerate",
                        "reversed"})
    env->vars[b] = Val::builtin(std::string("builtins.") + b);
  return env;
}

std::optional<Result> Interpreter::importSibling(StringRef name,
                                                 ast::Pos pos) {
  if (name.empty() || name.contains('.'))
    return std::nullopt;
  if (auto it = loadedModules.find(name); it != loadedModules.end())
    return Result(it->second);
  SmallString<256> path = llvm::sys::path::parent_path(files.front());
  llvm::sys::path::append(path, name + ".py");
  if (path == files.front())
    return std::nullopt; // the script importing itself by name
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return std::nullopt;

  unsigned file = files.size();
  files.push_back(path.str().str());
  std::vector<Token> tokens = tokenize((*buffer)->getBuffer());
  SyntaxError err;
  std::optional<ast::Block> block = parseModule(tokens, err, file);
  if (!block) {
    err.pos.file = file;
    emitError(loc(err.pos)) << "syntax error: " << err.message;
    emitRemark(loc(pos)) << "in module '" << name << "' imported here";
    return Result(std::nullopt);
  }
  moduleASTs.push_back(std::make_unique<ast::Block>(std::move(*block)));

  // Registered before it runs, so that a cycle of imports sees the names
  // bound so far, as in Python.
  std::shared_ptr<Env> env = newGlobals(name);
  Val ns = Val::opaque("module '" + name.str() + "'", pos);
  ns.kw.emplace_back("__class__", Val::str(name.str()));
  ns.env = env;
  loadedModules[name] = ns;
  for (const ast::StmtPtr &s : *moduleASTs.back()) {
    if (execStmt(*s, env) == Flow::Error) {
      emitRemark(loc(pos)) << "in module '" << name << "' imported here";
      return Result(std::nullopt);
    }
  }
  return Result(ns);
}
