//===- NoKernelHint.cpp - Why a script instantiated no kernel -------------===//
//
// A script that defines kernels but builds none (its factory is only called
// from test functions, from a driver that never runs, or not at all) would
// otherwise get a generic error. This looks at the parsed module and says
// which factories and prim_funcs it saw and how to build one with --entry.
//
//===----------------------------------------------------------------------===//

#include "NoKernelHint.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir::tilett::frontend;
using ast::Expr;
using ast::Stmt;

static bool hasDecorator(const Stmt &s, llvm::StringRef leaf) {
  for (const ast::ExprPtr &d : s.decorators) {
    const Expr *callee = d->kind == Expr::Call ? d->kids[0].get() : d.get();
    if ((callee->kind == Expr::Attribute || callee->kind == Expr::Name) &&
        callee->name == leaf)
      return true;
  }
  return false;
}

/// The @T.prim_func definitions anywhere in `block` (nested ones included).
static void collectPrimFuncs(const ast::Block &block,
                             std::vector<const Stmt *> &out) {
  for (const ast::StmtPtr &s : block) {
    if (s->kind == Stmt::FunctionDef && hasDecorator(*s, "prim_func"))
      out.push_back(s.get());
    for (const ast::Block *b : {&s->body, &s->orelse, &s->body2})
      collectPrimFuncs(*b, out);
  }
}

// Recursion is bounded by the parser's limit on tree height. Kids may be
// null (the missing bounds of a slice).
static void collectCalls(const Expr &e, llvm::StringSet<> &out) {
  if (e.kind == Expr::Call && !e.kids.empty() && e.kids[0] &&
      e.kids[0]->kind == Expr::Name)
    out.insert(e.kids[0]->name);
  for (const ast::ExprPtr &k : e.kids)
    if (k)
      collectCalls(*k, out);
  for (const auto &kw : e.kwargs)
    if (kw.second)
      collectCalls(*kw.second, out);
}

/// Names called by the statements of `block`; with `intoDefs` false, not
/// those in function and class bodies (code that runs only when called).
static void collectModuleCalls(const ast::Block &block, llvm::StringSet<> &out,
                               bool intoDefs = false) {
  for (const ast::StmtPtr &s : block) {
    if (!intoDefs &&
        (s->kind == Stmt::FunctionDef || s->kind == Stmt::ClassDef))
      continue;
    if (s->value)
      collectCalls(*s->value, out);
    for (const ast::ExprPtr &t : s->targets)
      collectCalls(*t, out);
    for (const auto &item : s->items)
      if (item.first)
        collectCalls(*item.first, out);
    for (const ast::Block *b : {&s->body, &s->orelse, &s->body2})
      collectModuleCalls(*b, out, intoDefs);
  }
}

static std::string signature(const Stmt &def) {
  std::string text = def.name + "(";
  llvm::raw_string_ostream os(text);
  bool first = true;
  for (const ast::Param &p : def.params) {
    if (p.variadic)
      continue;
    os << (first ? "" : ", ") << p.name;
    first = false;
  }
  os << ")";
  return text;
}

std::string
mlir::tilett::frontend::describeMissingKernel(const ast::Block &module,
                                              bool hadEntry) {
  llvm::StringSet<> called;
  collectModuleCalls(module, called);
  std::string text;
  llvm::raw_string_ostream os(text);
  std::vector<std::string> candidates;
  for (const ast::StmtPtr &s : module) {
    if (s->kind != Stmt::FunctionDef)
      continue;
    if (hasDecorator(*s, "prim_func")) {
      candidates.push_back("prim_func '" + s->name + "' (line " +
                           std::to_string(s->pos.line) + ")");
      continue;
    }
    std::vector<const Stmt *> inner;
    collectPrimFuncs(s->body, inner);
    if (inner.empty())
      continue;
    candidates.push_back("factory '" + signature(*s) + "' (line " +
                         std::to_string(s->pos.line) +
                         ") defining prim_func '" + inner.front()->name + "'");
    if (hadEntry || !text.empty())
      continue;
    // The functions that call the factory but that nothing running calls
    // (test functions taking arguments, an unused driver).
    std::string callers;
    for (const ast::StmtPtr &f : module) {
      if (f->kind != Stmt::FunctionDef || f.get() == s.get())
        continue;
      llvm::StringSet<> inner;
      collectModuleCalls(f->body, inner, /*intoDefs=*/true);
      if (inner.contains(s->name))
        callers += (callers.empty() ? "'" : ", '") + f->name + "'";
    }
    os << "; the script defines factory '" << s->name << "' but ";
    if (called.contains(s->name))
      os << "calls it only from code that does not run (a branch not taken)";
    else if (!callers.empty())
      os << "calls it only from " << callers
         << ", which nothing at module level calls";
    else
      os << "never calls it at module level";
    os << "; pass --entry '" << s->name << "(...)' with its arguments";
  }
  if (candidates.empty())
    return "; the script defines no @T.prim_func";
  os << " (candidates: ";
  for (size_t k = 0; k < candidates.size(); ++k)
    os << (k ? ", " : "") << candidates[k];
  os << ")";
  return text;
}
