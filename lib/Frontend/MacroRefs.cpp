//===- MacroRefs.cpp - Arguments a macro writes through -------------------===//
//
// TileLang passes a T.alloc_var to a macro as the one-element buffer it is,
// so `x = x * s` (or `x[0] = ...`) in the macro changes the caller's
// variable; a parameter annotated `T.Ref` also takes a buffer element by
// reference. The frontend models variables as SSA values rebound by name, so
// a reference is bound to the argument's value in the macro's scope and its
// final value is written back to the caller's name or element when the
// macro returns. Without the write-back the caller would keep its old value
// and the kernel would be silently wrong.
//
//===----------------------------------------------------------------------===//

#include "Interpreter.h"

#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace mlir::tilett::frontend;
using ast::Expr;

/// `T.Ref`, `T.Var`, `T.Ref[...]` (any module alias): the annotations that
/// ask for a by-reference argument.
static bool isRefAnnotation(const Expr *a) {
  if (a && a->kind == Expr::Subscript && !a->kids.empty())
    a = a->kids[0].get();
  if (!a)
    return false;
  if (a->kind == Expr::Attribute || a->kind == Expr::Name)
    return a->name == "Ref" || a->name == "Var";
  return false;
}

LogicalResult Interpreter::bindRefArg(const ast::Param &param, Val &arg,
                                      const Expr *argExpr,
                                      std::vector<RefArg> &refs, ast::Pos pos) {
  bool declared = isRefAnnotation(param.annotation.get());
  if (arg.kind == Val::Scalar && arg.s == kAllocVarTag) {
    if (argExpr && argExpr->kind == Expr::Name) {
      refs.push_back({param.name, Val(), argExpr, arg.v});
      return success();
    }
    if (!declared)
      return success(); // a copy of the variable's value, as an expression
  }
  if (!declared)
    return success();
  if (arg.kind == Val::Region && llvm::none_of(arg.elems, [](const Val &i) {
        return i.kind == Val::Slice;
      })) {
    Result value = load(arg, argExpr ? argExpr->pos : pos);
    if (!value)
      return failure();
    // Assignments to the parameter convert to the element's dtype, as a
    // store to the element would.
    value->s = kAllocVarTag;
    refs.push_back({param.name, arg, nullptr, value->v});
    arg = *value;
    return success();
  }
  // A buffer or a slice region is already a reference.
  if (arg.kind == Val::Buffer || arg.kind == Val::Region)
    return success();
  emitError(loc(argExpr ? argExpr->pos : pos))
      << "argument '" << param.name << "' is annotated T.Ref, so it must be "
      << "a T.alloc_var or a buffer element (such as A[i]), not a value";
  return failure();
}

LogicalResult Interpreter::writeBackRefs(const std::vector<RefArg> &refs,
                                         const Env &local,
                                         const std::shared_ptr<Env> &callerEnv,
                                         ast::Pos pos) {
  for (const RefArg &ref : refs) {
    auto it = local.vars.find(ref.param);
    // Rebinding the parameter to something that is not a scalar value (a
    // buffer, say) only renames it in the macro, as in TileLang.
    if (it == local.vars.end() || it->second.kind != Val::Scalar ||
        it->second.v == ref.initial)
      continue;
    const Val &final = it->second;
    if (!ref.var) {
      if (!store(ref.element, final, pos))
        return failure();
      continue;
    }
    // The variable lives in the calling scope, or in a scope around it
    // (a macro nested in the kernel reaching the kernel's variable).
    if (!callerEnv)
      return emitError(loc(pos)) << "cannot write argument '" << ref.param
                                 << "' back to its T.alloc_var";
    if (callerEnv->vars.count(ref.var->name)) {
      if (failed(assign(*ref.var, final, callerEnv)))
        return failure();
      continue;
    }
    Val *slot = callerEnv->lookup(ref.var->name);
    if (!slot || slot->s != kAllocVarTag)
      return emitError(loc(ref.var->pos))
             << "cannot write argument '" << ref.param << "' back to '"
             << ref.var->name << "'";
    *slot = final;
  }
  return success();
}
