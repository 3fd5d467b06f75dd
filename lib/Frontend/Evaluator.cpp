//===- Evaluator.cpp - Python semantics for TileLang scripts --------------===//
//
// Executes statements and folds expressions on compile-time values. Integer
// arithmetic on parameters is folded here; arithmetic on SSA values is handed
// to KernelBuilder.cpp. Driver code evaluates to opaque values so that
// printing, torch checks and profiler calls never stop compilation.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/ScopeExit.h"
#include "Interpreter.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringSwitch.h"

#include <cmath>
#include <numeric>

using namespace mlir;
using namespace mlir::tilett::frontend;
using ast::Expr;
using ast::Stmt;

/// Bounds on work done in driver code (loops, recursion), so that any input
/// terminates quickly.
static constexpr unsigned kMaxSteps = 200000;
static constexpr size_t kMaxCallDepth = 64;
static constexpr unsigned kMaxEvalDepth = 1000;

Result Interpreter::error(ast::Pos pos, const Twine &msg) {
  emitError(loc(pos)) << msg;
  return std::nullopt;
}

Result Interpreter::unsupported(ast::Pos pos, const Twine &msg) {
  if (kernelFunc)
    return error(pos, msg);
  return Val::opaque(msg.str(), pos);
}

void Interpreter::remark(ast::Pos pos, const Twine &msg) {
  emitRemark(loc(pos)) << msg;
}

LogicalResult Interpreter::runModule(const ast::Block &block,
                                     bool buildKernelsArg) {
  buildKernels = buildKernelsArg;
  globals = std::make_shared<Env>();
  globals->vars["__name__"] = Val::str("__main__");
  for (const char *b : {"range", "min", "max", "len", "int", "float", "print",
                        "abs", "bool", "str", "tuple", "list", "isinstance",
                        "sum", "any", "all"})
    globals->vars[b] = Val::builtin(std::string("builtins.") + b);
  for (const ast::StmtPtr &s : block) {
    // With an entry call, module-level driver code must not instantiate
    // kernels; only definitions and constants matter.
    if (!buildKernels && s->kind == Stmt::If)
      continue;
    if (execStmt(*s, globals) == Flow::Error)
      return failure();
  }
  return success();
}

LogicalResult Interpreter::runEntry(const Expr &expr) {
  buildKernels = true;
  Result r = eval(expr, globals);
  if (!r)
    return failure();
  if (r->kind == Val::Opaque)
    return emitError(loc(r->pos)) << "cannot evaluate the entry call: "
                                  << r->s;
  return success();
}

LogicalResult Interpreter::runDefinition(
    const ast::Stmt &def,
    ArrayRef<std::pair<std::string, const ast::Expr *>> bindings) {
  auto scope = std::make_shared<Env>();
  scope->parent = globals;
  for (const auto &[name, expr] : bindings) {
    Result v = eval(*expr, globals);
    if (!v)
      return failure();
    scope->vars[name] = *v;
  }
  buildKernels = true;
  return success(execStmt(def, scope) != Flow::Error);
}

Flow Interpreter::execBlock(const ast::Block &block,
                            const std::shared_ptr<Env> &env) {
  for (const ast::StmtPtr &s : block) {
    Flow f = execStmt(*s, env);
    if (f != Flow::Normal)
      return f;
  }
  return Flow::Normal;
}

std::optional<bool> Interpreter::truth(const Val &v, ast::Pos pos) {
  switch (v.kind) {
  case Val::None: return false;
  case Val::Bool:
  case Val::Int: return v.i != 0;
  case Val::Float: return v.f != 0;
  case Val::Str: return !v.s.empty();
  case Val::Tuple:
  case Val::List: return !v.elems.empty();
  case Val::Dict: return !v.kw.empty();
  default: break;
  }
  if (kernelFunc && v.kind == Val::Scalar)
    emitError(loc(pos)) << "expected a condition known at compile time; "
                           "use T.if_then_else(cond, a, b) for element-wise "
                           "selection";
  return std::nullopt;
}

Flow Interpreter::execStmt(const Stmt &s, const std::shared_ptr<Env> &env) {
  if (++steps > kMaxSteps) {
    emitError(loc(s.pos)) << "script runs too long at compile time";
    return Flow::Error;
  }
  switch (s.kind) {
  case Stmt::Pass:
  case Stmt::Global:
  case Stmt::Del:
  case Stmt::Assert:
    return Flow::Normal;
  case Stmt::Yield: // only reached in a generator called from a kernel
    emitError(loc(s.pos)) << "'yield' is not supported in a kernel";
    return Flow::Error;
  case Stmt::Raise:
    if (kernelFunc) {
      emitError(loc(s.pos)) << "'raise' is not supported in a kernel";
      return Flow::Error;
    }
    return Flow::Return;
  case Stmt::Break: return Flow::Break;
  case Stmt::Continue: return Flow::Continue;
  case Stmt::Import:
    for (auto &[mod, alias] : s.names) {
      if (alias.empty())
        env->vars[StringRef(mod).split('.').first] =
            Val::builtin(StringRef(mod).split('.').first.str());
      else
        env->vars[alias] = Val::builtin(mod);
    }
    return Flow::Normal;
  case Stmt::ImportFrom:
    for (auto &[name, alias] : s.names) {
      if (name == "*") {
        // `from tilelang.language import *` puts the language in scope;
        // unknown names then resolve as language names (see Name lookup).
        env->vars["__star__" + s.name] = Val::builtin(s.name);
        continue;
      }
      env->vars[alias.empty() ? name : alias] =
          Val::builtin(s.name + "." + name);
    }
    return Flow::Normal;
  case Stmt::ClassDef:
    env->vars[s.name] = Val::opaque("classes are not modeled", s.pos);
    return Flow::Normal;
  case Stmt::FunctionDef: {
    bool isPrimFunc = false;
    for (const ast::ExprPtr &d : s.decorators) {
      const Expr *callee = d->kind == Expr::Call ? d->kids[0].get() : d.get();
      if ((callee->kind == Expr::Attribute || callee->kind == Expr::Name) &&
          callee->name == "prim_func")
        isPrimFunc = true;
    }
    if (isPrimFunc) {
      if (!buildKernels) {
        env->vars[s.name] = Val::opaque("kernel not instantiated", s.pos);
        return Flow::Normal;
      }
      Result r = buildPrimFunc(s, env);
      if (!r)
        return Flow::Error;
      env->vars[s.name] = *r;
      return Flow::Normal;
    }
    Val fn;
    fn.kind = Val::Function;
    fn.fn = &s;
    fn.env = env;
    fn.s = s.name;
    for (const ast::Param &p : s.params) {
      Val d = Val::opaque("no default", p.pos);
      if (p.defaultValue) {
        Result r = eval(*p.defaultValue, env);
        if (!r)
          return Flow::Error;
        d = *r;
      }
      fn.elems.push_back(d);
    }
    env->vars[s.name] = fn;
    return Flow::Normal;
  }
  case Stmt::Return: {
    Val r = Val::none();
    if (s.value) {
      Result v = eval(*s.value, env);
      if (!v)
        return Flow::Error;
      r = *v;
    }
    env->vars["__return__"] = r;
    return Flow::Return;
  }
  case Stmt::ExprStmt: {
    if (s.value->kind == Expr::Str)
      return Flow::Normal; // docstring
    Result r = eval(*s.value, env);
    if (!r)
      return Flow::Error;
    // A kernel statement whose effect tilett cannot model would silently
    // change results if dropped.
    if (kernelFunc && r->kind == Val::Opaque) {
      emitError(loc(r->pos)) << r->s << " is not supported in a kernel: "
                                        "tilett cannot model its effect and "
                                        "ignoring it could change results";
      return Flow::Error;
    }
    return Flow::Normal;
  }
  case Stmt::Assign:
  case Stmt::AnnAssign: {
    // `A: T.Tensor((M, K), dtype)` in an eager jit kernel declares a kernel
    // argument.
    if (!s.value && eagerConsts && s.targets[0]->kind == Expr::Name) {
      Result t = eval(*s.annotation, env);
      if (!t)
        return Flow::Error;
      if (t->kind == Val::Str && t->s == "__tensor_type__") {
        env->vars[s.targets[0]->name] = addKernelArgument(
            parseType(t->kw[0].second.s, ctx), s.targets[0]->name, s.pos);
        return Flow::Normal;
      }
    }
    if (!s.value)
      return Flow::Normal;
    Result v = eval(*s.value, env);
    if (!v)
      return Flow::Error;
    if (parallelDepth && v->kind == Val::Region) {
      v = load(*v, s.value->pos);
      if (!v)
        return Flow::Error;
    }
    for (const ast::ExprPtr &t : s.targets)
      if (failed(assign(*t, *v, env)))
        return Flow::Error;
    return Flow::Normal;
  }
  case Stmt::AugAssign: {
    Result lhs = eval(*s.targets[0], env);
    Result rhs = lhs ? eval(*s.value, env) : std::nullopt;
    if (!rhs)
      return Flow::Error;
    Result v = binary(s.name, *lhs, *rhs, s.pos);
    if (!v || failed(assign(*s.targets[0], *v, env)))
      return Flow::Error;
    return Flow::Normal;
  }
  case Stmt::If: {
    Result c = eval(*s.value, env);
    if (!c)
      return Flow::Error;
    std::optional<bool> b = truth(*c, s.value->pos);
    if (!b) {
      if (kernelFunc)
        return Flow::Error;
      return Flow::Normal; // a driver condition on opaque values
    }
    return execBlock(*b ? s.body : s.orelse, env);
  }
  case Stmt::While: {
    if (kernelFunc) {
      emitError(loc(s.pos)) << "'while' loops are not supported in a kernel; "
                               "use T.serial(n) or T.Pipelined(n)";
      return Flow::Error;
    }
    return Flow::Normal; // driver loops are not needed to find kernels
  }
  case Stmt::Try: {
    Flow f = execBlock(s.body, env);
    if (f != Flow::Normal)
      return f;
    return execBlock(s.body2, env);
  }
  case Stmt::With: {
    if (s.items.size() == 1 && s.items[0].first->kind == Expr::Call) {
      Result ctxVal = eval(*s.items[0].first->kids[0], env);
      if (!ctxVal)
        return Flow::Error;
      if (ctxVal->kind == Val::Builtin &&
          ctxVal->s == "tilelang.language.Kernel")
        return execKernelWith(s, *ctxVal, env);
    }
    if (kernelFunc) {
      emitError(loc(s.pos)) << "expected 'with T.Kernel(...) as ...:' but got "
                               "another context manager";
      return Flow::Error;
    }
    return execBlock(s.body, env);
  }
  case Stmt::For: {
    Result it = eval(*s.value, env);
    if (!it)
      return Flow::Error;
    if (it->kind == Val::Range)
      return execLoop(s, *it, env);
    if (kernelFunc) {
      emitError(loc(s.value->pos))
          << "expected T.Pipelined, T.serial, T.Parallel or range as the "
             "loop iterable";
      return Flow::Error;
    }
    if (it->kind == Val::Tuple || it->kind == Val::List) {
      for (const Val &e : it->elems) {
        if (failed(assign(*s.targets[0], e, env)))
          return Flow::Error;
        Flow f = execBlock(s.body, env);
        if (f == Flow::Break)
          break;
        if (f == Flow::Return || f == Flow::Error)
          return f;
      }
    }
    return Flow::Normal;
  }
  }
  return Flow::Normal;
}

LogicalResult Interpreter::assign(const Expr &target, Val value,
                                  const std::shared_ptr<Env> &env) {
  switch (target.kind) {
  case Expr::Name:
    if (value.kind == Val::Buffer && value.v.getDefiningOp() &&
        !value.v.getDefiningOp()->hasAttr("tl.name"))
      value.v.getDefiningOp()->setAttr("tl.name",
                                       StringAttr::get(ctx, target.name));
    // A T.empty output takes the name it is first assigned to.
    if (auto arg = dyn_cast_or_null<BlockArgument>(
            value.kind == Val::Buffer ? value.v : Value()))
      if (auto fn = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp()))
        if (auto n = fn.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                     "tl.name");
            n && n.getValue().empty())
          fn.setArgAttr(arg.getArgNumber(), "tl.name",
                        StringAttr::get(ctx, target.name));
    // `x = expr` after `x = T.alloc_var(dtype)` stores to the variable:
    // the value takes the variable's dtype and stays a variable.
    if (auto it = env->vars.find(target.name);
        kernelFunc && it != env->vars.end() &&
        it->second.kind == Val::Scalar && it->second.s == kAllocVarTag &&
        value.s != kAllocVarTag && value.kind != Val::Buffer) {
      Result v = castTo(value, it->second.v.getType(), target.pos);
      if (!v)
        return failure();
      v->s = kAllocVarTag;
      value = *v;
    }
    env->vars[target.name] = value;
    return success();
  case Expr::Tuple:
  case Expr::List: {
    if (value.kind != Val::Tuple && value.kind != Val::List) {
      if (kernelFunc)
        return emitError(loc(target.pos))
               << "cannot unpack a non-sequence value";
      for (const ast::ExprPtr &k : target.kids)
        if (failed(assign(*k, Val::opaque("unpacked driver value", k->pos),
                          env)))
          return failure();
      return success();
    }
    if (value.elems.size() != target.kids.size())
      return emitError(loc(target.pos))
             << "expected " << target.kids.size() << " values to unpack but got "
             << value.elems.size();
    for (auto [k, v] : llvm::zip(target.kids, value.elems))
      if (failed(assign(*k, v, env)))
        return failure();
    return success();
  }
  case Expr::Subscript: {
    Result region = eval(target, env);
    if (!region)
      return failure();
    if (region->kind == Val::Region)
      return success(store(*region, value, target.pos).has_value());
    if (region->kind == Val::Scalar && region->s == kAllocVarTag)
      return assign(*target.kids[0], value, env); // `x[0] = v` on a variable
    if (kernelFunc)
      return emitError(loc(target.pos)) << "expected a buffer element to "
                                           "assign to";
    return success();
  }
  case Expr::Attribute:
    if (kernelFunc)
      return emitError(loc(target.pos))
             << "assigning to an attribute is not supported in a kernel";
    return success();
  default:
    return emitError(loc(target.pos)) << "cannot assign to this expression";
  }
}

Result Interpreter::eval(const Expr &e, const std::shared_ptr<Env> &env) {
  if (++steps > kMaxSteps)
    return error(e.pos, "script runs too long at compile time");
  // Each tree's height is bounded by the parser; calls nest trees.
  if (evalDepth >= kMaxEvalDepth)
    return error(e.pos, "expressions and calls nested too deeply at compile "
                        "time (more than " +
                            Twine(kMaxEvalDepth) + " levels)");
  ++evalDepth;
  llvm::scope_exit leave([&] { --evalDepth; });
  switch (e.kind) {
  case Expr::Int: return Val::integer(e.ival);
  case Expr::Float: return Val::real(e.fval);
  case Expr::Str: return Val::str(e.name);
  case Expr::Const:
    if (e.name == "True" || e.name == "False")
      return Val::boolean(e.name == "True");
    return Val::none();
  case Expr::Name: {
    if (Val *v = env->lookup(e.name))
      return *v;
    // Names brought in by `from tilelang.language import *`.
    for (Env *s = globals.get(); s; s = s->parent.get())
      for (auto &entry : s->vars)
        if (entry.getKey().starts_with("__star__tilelang.language"))
          return Val::builtin("tilelang.language." + e.name);
    return unsupported(e.pos, "name '" + e.name + "' is not defined");
  }
  case Expr::Attribute: {
    Result obj = eval(*e.kids[0], env);
    if (!obj)
      return std::nullopt;
    if (std::optional<Val> field = dtypeField(*obj, e.name))
      return *field;
    if (obj->kind == Val::Builtin && obj->env) {
      // An argparse object: a namespace field or a parser method.
      if (obj->s == "argparse.__namespace__") {
        if (Val *field = obj->env->lookup(e.name))
          return *field;
        return unsupported(e.pos, "argument '" + e.name + "' was not added "
                                  "to the parser");
      }
      Val method = Val::builtin(obj->s + "." + e.name);
      method.env = obj->env;
      return method;
    }
    if (obj->kind == Val::Builtin)
      return Val::builtin(obj->s + "." + e.name);
    if (obj->kind == Val::Function && e.name == "compile") {
      Val compile = *obj;
      compile.kw.emplace_back("__compile__", Val::none());
      return compile;
    }
    if (isTorchTensor(*obj) && e.name == "shape") {
      Val t;
      t.kind = Val::Tuple;
      t.elems = obj->elems;
      return t;
    }
    if (obj->kind == Val::Opaque)
      return *obj;
    if (obj->kind == Val::Buffer && e.name == "shape") {
      Val t;
      t.kind = Val::Tuple;
      for (int64_t d : cast<MemRefType>(obj->v.getType()).getShape())
        t.elems.push_back(Val::integer(d));
      return t;
    }
    if (obj->kind == Val::Buffer && e.name == "dtype")
      return Val::str(dtypeName(cast<MemRefType>(obj->v.getType())
                                    .getElementType()));
    Val bound = *obj; // a method: resolved by evalCall
    bound.kw.emplace_back("__method__", Val::str(e.name));
    if (e.name == "astype")
      return bound;
    // Reading a configuration dict: `config.get("threads", 128)`, `.items()`.
    if (obj->kind == Val::Dict &&
        llvm::is_contained({"get", "items", "keys", "values", "copy"}, e.name))
      return bound;
    return unsupported(e.pos, "attribute '" + e.name + "' is not supported");
  }
  case Expr::Call: return evalCall(e, env);
  case Expr::Subscript: {
    Result base = eval(*e.kids[0], env);
    if (!base)
      return std::nullopt;
    std::vector<Val> idx;
    for (size_t k = 1; k < e.kids.size(); ++k) {
      Result r = eval(*e.kids[k], env);
      if (!r)
        return std::nullopt;
      idx.push_back(*r);
    }
    if (base->kind == Val::Buffer) {
      auto type = cast<MemRefType>(base->v.getType());
      if ((int64_t)idx.size() != type.getRank())
        return error(e.pos, "expected " + Twine(type.getRank()) +
                                " indices for a " + Twine(type.getRank()) +
                                "-D buffer but got " + Twine(idx.size()));
      Val r;
      r.kind = Val::Region;
      r.v = base->v;
      r.elems = std::move(idx);
      r.pos = e.pos;
      return r;
    }
    // A T.alloc_var is a one-element buffer in TileLang: `x[0]` is x.
    if (base->kind == Val::Scalar && base->s == kAllocVarTag &&
        idx.size() == 1 && idx[0].isIntLike() && idx[0].i == 0)
      return base;
    if (base->kind == Val::Builtin &&
        (StringRef(base->s).ends_with(".Tensor") ||
         StringRef(base->s).ends_with(".Buffer"))) {
      // T.Tensor[(M, K), dtype] spells T.Tensor((M, K), dtype).
      return callLanguage(StringRef(base->s).rsplit('.').second, idx, {},
                          e.pos);
    }
    if ((base->kind == Val::Tuple || base->kind == Val::List) &&
        idx.size() == 1 && idx[0].isIntLike()) {
      int64_t n = base->elems.size(), i = idx[0].i < 0 ? idx[0].i + n : idx[0].i;
      if (i < 0 || i >= n)
        return error(e.pos, "index out of range");
      return base->elems[i];
    }
    if (base->kind == Val::Dict && idx.size() == 1 && idx[0].kind == Val::Str)
      for (auto &[k, v] : base->kw)
        if (k == idx[0].s)
          return v;
    return unsupported(e.pos, "this subscript is not supported");
  }
  case Expr::Slice: {
    Val s;
    s.kind = Val::Slice;
    s.pos = e.pos;
    for (int k = 0; k < 3; ++k) {
      if (!e.kids[k]) {
        s.elems.push_back(Val::none());
        continue;
      }
      Result r = eval(*e.kids[k], env);
      if (!r)
        return std::nullopt;
      s.elems.push_back(*r);
    }
    if (s.elems[2].kind != Val::None)
      return unsupported(e.pos, "slices with a step are not supported");
    return s;
  }
  case Expr::Tuple:
  case Expr::List: {
    Val t;
    t.kind = e.kind == Expr::Tuple ? Val::Tuple : Val::List;
    for (const ast::ExprPtr &k : e.kids) {
      Result r = eval(*k, env);
      if (!r)
        return std::nullopt;
      t.elems.push_back(*r);
    }
    return t;
  }
  case Expr::Dict: {
    Val d;
    d.kind = Val::Dict;
    for (size_t k = 0; k + 1 < e.kids.size(); k += 2) {
      Result key = eval(*e.kids[k], env);
      Result value = key ? eval(*e.kids[k + 1], env) : std::nullopt;
      if (!value)
        return std::nullopt;
      // Buffers as keys (T.annotate_layout) are keyed by their name.
      std::string name = key->kind == Val::Str ? key->s
                         : key->kind == Val::Buffer
                             ? "\x01" + std::to_string(d.elems.size())
                             : "\x02";
      if (key->kind == Val::Buffer)
        d.elems.push_back(*key);
      d.kw.emplace_back(name, *value);
    }
    return d;
  }
  case Expr::BinOp: {
    Result l = eval(*e.kids[0], env);
    Result r = l ? eval(*e.kids[1], env) : std::nullopt;
    if (!r)
      return std::nullopt;
    return binary(e.name, *l, *r, e.pos);
  }
  case Expr::Unary: {
    Result v = eval(*e.kids[0], env);
    if (!v)
      return std::nullopt;
    return unary(e.name, *v, e.pos);
  }
  case Expr::Compare: {
    Result lhs = eval(*e.kids[0], env);
    if (!lhs)
      return std::nullopt;
    Val acc = Val::boolean(true);
    for (size_t k = 0; k < e.ops.size(); ++k) {
      Result rhs = eval(*e.kids[k + 1], env);
      if (!rhs)
        return std::nullopt;
      Result c = compare(e.ops[k], *lhs, *rhs, e.pos);
      if (!c)
        return std::nullopt;
      acc = k == 0 ? *c : *binary("&", acc, *c, e.pos);
      lhs = rhs;
    }
    return acc;
  }
  case Expr::BoolOp: {
    Result l = eval(*e.kids[0], env);
    if (!l)
      return std::nullopt;
    std::optional<bool> b = truth(*l, e.pos);
    if (!b)
      return unsupported(e.pos, "'" + e.name + "' needs values known at "
                                               "compile time");
    if ((e.name == "and") != *b)
      return l;
    return eval(*e.kids[1], env);
  }
  case Expr::IfExp: {
    Result c = eval(*e.kids[1], env);
    if (!c)
      return std::nullopt;
    if (c->kind == Val::Scalar)
      return callLanguage("if_then_else",
                          {*c, *eval(*e.kids[0], env), *eval(*e.kids[2], env)},
                          {}, e.pos);
    std::optional<bool> b = truth(*c, e.pos);
    if (!b)
      return unsupported(e.pos, "condition not known at compile time");
    return eval(*e.kids[*b ? 0 : 2], env);
  }
  case Expr::Unsupported:
    return unsupported(e.pos, e.name + " is not supported in a kernel");
  }
  return unsupported(e.pos, "unsupported expression");
}

Result Interpreter::evalCall(const Expr &e, const std::shared_ptr<Env> &env) {
  Result callee = eval(*e.kids[0], env);
  if (!callee)
    return std::nullopt;
  if (kernelFunc && isGpuLayoutConstructor(*callee))
    return Val::opaque("GPU layout '" + callee->s + "'", e.pos);
  std::vector<Val> args;
  std::vector<KwArg> kwargs;
  for (size_t k = 1; k < e.kids.size(); ++k) {
    const Expr &arg = *e.kids[k];
    bool starred = arg.kind == Expr::Unsupported && !arg.kids.empty();
    Result r = eval(starred ? *arg.kids[0] : arg, env);
    if (!r)
      return std::nullopt;
    // `f(*shape)` with a tuple known at compile time expands in place.
    if (starred && (r->kind == Val::Tuple || r->kind == Val::List)) {
      args.insert(args.end(), r->elems.begin(), r->elems.end());
      continue;
    }
    if (starred) {
      if (Result u = unsupported(arg.pos, arg.name + " of a value not known "
                                                     "at compile time"))
        r = *u;
      else
        return std::nullopt;
    }
    args.push_back(*r);
  }
  for (auto &[name, value] : e.kwargs) {
    bool doubleStarred = name == "**";
    Result r = eval(doubleStarred ? *value->kids[0] : *value, env);
    if (!r)
      return std::nullopt;
    if (!doubleStarred) {
      kwargs.emplace_back(name, *r);
      continue;
    }
    // `f(**config)` with a dict of string keys expands into keywords.
    bool expandable = r->kind == Val::Dict &&
                      llvm::all_of(r->kw, [](const KwArg &kw) {
                        return !kw.first.empty() && kw.first[0] != '\x01' &&
                               kw.first[0] != '\x02';
                      });
    if (!expandable) {
      if (!unsupported(value->pos, "'**' of a value not known at compile time"))
        return std::nullopt;
      kwargs.emplace_back("**", Val::opaque("'**' argument", value->pos));
      continue;
    }
    for (const KwArg &kw : r->kw)
      kwargs.push_back(kw);
  }
  // x.astype(dtype) on an element value.
  if (!callee->kw.empty() && callee->kw.back().first == "__method__") {
    Val self = *callee;
    std::string method = self.kw.back().second.s;
    self.kw.pop_back();
    if (self.kind == Val::Dict)
      return callDictMethod(self, method, args, e.pos);
    if (args.size() != 1)
      return error(e.pos, "expected astype(dtype)");
    return callLanguage("cast", {self, args[0]}, {}, e.pos);
  }
  bool expanded = llvm::any_of(llvm::drop_begin(e.kids), [](const auto &a) {
    return a->kind == Expr::Unsupported && !a->kids.empty();
  }) || llvm::any_of(e.kwargs, [](const auto &kw) { return kw.first == "**"; });
  if (!expanded) {
    pendingCall = &e;
    pendingCallEnv = env;
  }
  return callFunction(*callee, std::move(args), std::move(kwargs), e.pos);
}

bool mlir::tilett::frontend::isTorchTensor(const Val &v) {
  return v.kind == Val::Opaque && !v.kw.empty() &&
         v.kw.front().first == "__torch_tensor__";
}

/// A function whose own body launches `with T.Kernel(...)` is a kernel in
/// the eager jit style, not a factory.
bool mlir::tilett::frontend::isEagerKernel(const Stmt &def) {
  for (const ast::StmtPtr &st : def.body) {
    if (st->kind != Stmt::With || st->items.empty())
      continue;
    const Expr &ctxExpr = *st->items[0].first;
    if (ctxExpr.kind == Expr::Call && !ctxExpr.kids.empty() &&
        (ctxExpr.kids[0]->kind == Expr::Attribute ||
         ctxExpr.kids[0]->kind == Expr::Name) &&
        ctxExpr.kids[0]->name == "Kernel")
      return true;
  }
  return false;
}

Result Interpreter::callFunction(const Val &fn, std::vector<Val> args,
                                 std::vector<KwArg> kwargs,
                                 ast::Pos pos) {
  const Expr *call = std::exchange(pendingCall, nullptr);
  std::shared_ptr<Env> callEnv = std::exchange(pendingCallEnv, nullptr);
  if (fn.kind == Val::Function && isEagerKernel(*fn.fn)) {
    if (!fn.kw.empty() && fn.kw.back().first == "__compile__")
      return buildEagerKernel(fn, std::move(args), std::move(kwargs), pos);
    // Calling the jit kernel with torch tensors of known shapes instantiates
    // it with the sizes those shapes give; other calls run it on values the
    // compiler does not model.
    if (llvm::any_of(args, isTorchTensor))
      return buildEagerKernel(fn, std::move(args), std::move(kwargs), pos);
    return unsupported(pos, "calling @tilelang.jit kernel '" + fn.s +
                                "' with tensors; instantiate it with " + fn.s +
                                ".compile(M=..., ...) (e.g. via --entry)");
  }
  // Calling a generator function runs none of its body: driver code gets
  // an opaque generator; in a kernel the generator's values are needed.
  if (fn.kind == Val::Function && fn.fn->generator) {
    if (kernelFunc)
      return error(pos, "'" + fn.fn->name + "' is a generator function "
                        "(it uses 'yield'), which a kernel cannot call");
    return Val::opaque("generator '" + fn.fn->name + "'", pos);
  }
  if (fn.kind == Val::Function) {
    if (callStack.size() >= kMaxCallDepth)
      return error(pos, "calls nested too deeply");
    auto local = std::make_shared<Env>();
    local->parent = fn.env;
    const Stmt &def = *fn.fn;
    // Python's binding: positional arguments fill the parameters up to
    // `*args`, which takes the rest as a tuple; keywords name parameters, and
    // those naming none go to `**kwargs` as a dict.
    // As Python raises TypeError: a keyword naming no parameter (without
    // `**kwargs`), or one naming a parameter a positional argument filled.
    bool takesKeywords = llvm::any_of(def.params, [](const ast::Param &q) {
      return q.variadic && q.keywords;
    });
    for (const KwArg &kw : kwargs) {
      // A `**mapping` the evaluator could not expand binds nothing by name.
      if (kw.first == "**")
        continue;
      auto named = llvm::find_if(def.params, [&](const ast::Param &q) {
        return !q.variadic && q.name == kw.first;
      });
      if (named == def.params.end()) {
        if (!takesKeywords)
          return error(pos, "'" + def.name +
                                "' got an unexpected keyword argument '" +
                                kw.first + "'");
        continue;
      }
      auto star = llvm::find_if(def.params, [](const ast::Param &q) {
        return q.variadic && !q.keywords;
      });
      size_t positional = std::min<size_t>(star - def.params.begin(),
                                           args.size());
      if (static_cast<size_t>(named - def.params.begin()) < positional)
        return error(pos, "'" + def.name +
                              "' got multiple values for argument '" +
                              kw.first + "'");
    }
    size_t next = 0;
    bool keywordOnly = false;
    std::vector<RefArg> refs;
    for (size_t p = 0; p < def.params.size(); ++p) {
      const ast::Param &param = def.params[p];
      if (param.variadic && param.keywords) {
        Val rest;
        rest.kind = Val::Dict;
        for (const KwArg &kw : kwargs)
          if (llvm::none_of(def.params, [&](const ast::Param &q) {
                return !q.variadic && q.name == kw.first;
              }))
            rest.kw.push_back(kw);
        local->vars[param.name] = rest;
        continue;
      }
      if (param.variadic) {
        Val rest;
        rest.kind = Val::Tuple;
        while (next < args.size())
          rest.elems.push_back(args[next++]);
        local->vars[param.name] = rest;
        keywordOnly = true;
        continue;
      }
      Val v = fn.elems[p];
      bool given = false;
      const Expr *argExpr = nullptr;
      if (!keywordOnly && next < args.size()) {
        v = args[next++];
        given = true;
        if (call)
          argExpr = call->kids[next].get();
      }
      for (auto &[k, kv] : kwargs)
        if (k == param.name) {
          v = kv;
          given = true;
          argExpr = nullptr;
          if (call)
            for (auto &[ck, cv] : call->kwargs)
              if (ck == k)
                argExpr = cv.get();
        }
      if (!given && !param.defaultValue)
        return unsupported(pos, "missing argument '" + param.name +
                                    "' in call to '" + def.name + "'");
      if (given && kernelFunc &&
          failed(bindRefArg(param, v, argExpr, refs, pos)))
        return std::nullopt;
      local->vars[param.name] = v;
    }
    if (next < args.size())
      return unsupported(pos, "too many arguments in call to '" + def.name +
                                  "'");
    callStack.push_back(def.name);
    Flow f = execBlock(def.body, local);
    callStack.pop_back();
    if (f == Flow::Error)
      return std::nullopt;
    if (!refs.empty() && failed(writeBackRefs(refs, *local, callEnv, pos)))
      return std::nullopt;
    if (f == Flow::Return)
      if (Val *r = local->lookup("__return__"); r && local->vars.count("__return__"))
        return *r;
    return Val::none();
  }
  if (fn.kind == Val::PrimFunc)
    return Val::opaque("calling a kernel runs it; not needed to compile it",
                       pos);
  // Methods of a torch tensor (`.cuda()`, `.half()`, `.to(...)`) keep the
  // tensor, and with it the shape a jit kernel's sizes are inferred from.
  if (fn.kind == Val::Opaque && isTorchTensor(fn))
    return fn;
  if (fn.kind != Val::Builtin)
    return unsupported(pos, "this value cannot be called");

  StringRef path = fn.s;
  if (std::optional<Result> r = callHelperBuiltin(path, args, kwargs, pos))
    return *r;
  if (path.starts_with("argparse."))
    return callArgparse(fn, args, kwargs, pos);
  // torch.randn(M, K, ...) and friends: a driver tensor whose shape is known.
  if (path.consume_front("torch.") &&
      llvm::is_contained({"randn", "rand", "zeros", "ones", "empty"}, path)) {
    std::vector<Val> dims =
        args.size() == 1 && (args[0].kind == Val::Tuple ||
                             args[0].kind == Val::List)
            ? args[0].elems
            : args;
    Val t = Val::opaque("torch tensor", pos);
    t.kw.emplace_back("__torch_tensor__", Val::none());
    for (const Val &d : dims) {
      if (!d.isIntLike())
        return Val::opaque("torch tensor of unknown shape", pos);
      t.elems.push_back(d);
    }
    return t;
  }
  path = fn.s;
  if (path.starts_with("argparse."))
    return callArgparse(fn, args, kwargs, pos);
  if (path.consume_front("tilelang.language."))
    return callLanguage(path, std::move(args), std::move(kwargs), pos);
  if (path.consume_front("builtins.")) {
    if (path == "range") {
      Val r;
      r.kind = Val::Range;
      r.s = "range";
      r.elems = std::move(args);
      r.pos = pos;
      return r;
    }
    if ((path == "min" || path == "max" || path == "abs") && !args.empty()) {
      if (args.size() == 1 && (args[0].kind == Val::Tuple ||
                                args[0].kind == Val::List) && path != "abs")
        args = args[0].elems;
      return callLanguage(path, std::move(args), {}, pos);
    }
    if (path == "len" && args.size() == 1 &&
        (args[0].kind == Val::Tuple || args[0].kind == Val::List))
      return Val::integer(args[0].elems.size());
    if (path == "int" && args.size() == 1 && args[0].kind == Val::Float)
      return Val::integer((int64_t)args[0].f);
    if (path == "int" && args.size() == 1 && args[0].isIntLike())
      return Val::integer(args[0].i);
    if (path == "float" && args.size() == 1 &&
        (args[0].isIntLike() || args[0].kind == Val::Float))
      return Val::real(args[0].kind == Val::Float ? args[0].f : args[0].i);
    if ((path == "tuple" || path == "list") && args.size() == 1 &&
        (args[0].kind == Val::Tuple || args[0].kind == Val::List)) {
      Val r = args[0];
      r.kind = path == "tuple" ? Val::Tuple : Val::List;
      return r;
    }
    if (path == "print")
      return Val::none();
  }
  // `math.ceil(K / block_K)` and friends on compile-time numbers: factories
  // compute sizes with them.
  if (path.consume_front("math.") && !args.empty() &&
      llvm::all_of(args, [](const Val &a) {
        return a.isIntLike() || a.kind == Val::Float;
      })) {
    auto num = [](const Val &a) { return a.kind == Val::Float ? a.f : (double)a.i; };
    double x = num(args[0]);
    if (path == "ceil" && args.size() == 1)
      return Val::integer((int64_t)std::ceil(x));
    if (path == "floor" && args.size() == 1)
      return Val::integer((int64_t)std::floor(x));
    if (path == "sqrt" && args.size() == 1)
      return Val::real(std::sqrt(x));
    if (path == "log2" && args.size() == 1)
      return Val::real(std::log2(x));
    if (path == "log" && args.size() == 1)
      return Val::real(std::log(x));
    if (path == "exp" && args.size() == 1)
      return Val::real(std::exp(x));
    if (path == "pow" && args.size() == 2)
      return Val::real(std::pow(x, num(args[1])));
    if ((path == "gcd" || path == "lcm") && args.size() == 2 &&
        args[0].isIntLike() && args[1].isIntLike())
      return Val::integer(path == "gcd" ? std::gcd(args[0].i, args[1].i)
                                        : std::lcm(args[0].i, args[1].i));
    if (path == "prod") {
      int64_t p = 1;
      for (const Val &a : args[0].kind == Val::Tuple || args[0].kind == Val::List
                              ? args[0].elems
                              : args)
        if (a.isIntLike())
          p *= a.i;
      return Val::integer(p);
    }
  }
  path = fn.s;
  // `tilelang.testing.main()` runs the file's test functions (pytest style):
  // each module-level `test_*` taking no required argument, in source order.
  if (path == "tilelang.testing.main" && !kernelFunc) {
    std::vector<Val> tests;
    for (auto &entry : globals->vars) {
      const Val &t = entry.getValue();
      if (t.kind != Val::Function || !entry.getKey().starts_with("test") ||
          isEagerKernel(*t.fn) ||
          llvm::any_of(t.fn->params, [](const ast::Param &q) {
            return !q.variadic && !q.defaultValue;
          }))
        continue;
      tests.push_back(t);
    }
    llvm::sort(tests, [](const Val &a, const Val &b) {
      return a.fn->pos.line < b.fn->pos.line;
    });
    for (const Val &t : tests)
      if (!callFunction(t, {}, {}, pos))
        return std::nullopt;
    return Val::none();
  }
  // The original Tenstorrent backend's IR sugar, applied on the host to a
  // built kernel: with_core_grid(func, 4, 4), with_layout_desc(func, {...}).
  StringRef leaf = StringRef(fn.s).rsplit('.').second.empty()
                       ? StringRef(fn.s)
                       : StringRef(fn.s).rsplit('.').second;
  if (llvm::is_contained({"CoreRange", "with_core_grid", "with_core_ranges",
                          "with_layout_desc", "with_work_partition"},
                         leaf))
    return callTTSugar(leaf, args, kwargs, pos);
  // tvm.IRModule({"main": f}) wraps a kernel; the kernel is what matters.
  if (path.ends_with("IRModule"))
    for (const Val &a : args)
      for (auto &[k, v] : a.kw)
        if (v.kind == Val::PrimFunc)
          return v;
  // In a kernel, a call outside the language (a layout helper such as
  // tilelang.layout.make_swizzled_layout) yields an opaque value: it is an
  // error only where its value would matter (see ExprStmt and the users of
  // values), so GPU-only helpers passed as hints stay harmless.
  if (kernelFunc)
    return Val::opaque("call to '" + fn.s + "' (not part of TileLang)", pos);
  return unsupported(pos, "call to '" + fn.s + "' is not supported");
}

Result Interpreter::unary(StringRef op, Val v, ast::Pos pos) {
  if (op == "not") {
    std::optional<bool> b = truth(v, pos);
    if (!b)
      return unsupported(pos, "'not' needs a value known at compile time");
    return Val::boolean(!*b);
  }
  if (v.isIntLike()) {
    if (op == "-") return Val::integer(-v.i);
    if (op == "~") return Val::integer(~v.i);
    return Val::integer(v.i);
  }
  if (v.kind == Val::Float)
    return Val::real(op == "-" ? -v.f : v.f);
  if (op == "-" && (v.kind == Val::Scalar || v.kind == Val::Region))
    return scalarBinary("-", Val::integer(0), v, pos);
  if (op == "+")
    return v;
  return unsupported(pos, "unary '" + op + "' is not supported here");
}

/// Python's floor division and modulo on integers.
static int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

Result Interpreter::binary(StringRef op, Val l, Val r, ast::Pos pos) {
  if (l.isIntLike() && r.isIntLike()) {
    int64_t a = l.i, b = r.i;
    if ((op == "//" || op == "%") && b == 0)
      return error(pos, "integer division by zero");
    if (op == "+") return Val::integer(a + b);
    if (op == "-") return Val::integer(a - b);
    if (op == "*") return Val::integer(a * b);
    if (op == "//") return Val::integer(floorDiv(a, b));
    if (op == "%") return Val::integer(a - floorDiv(a, b) * b);
    if (op == "/") {
      if (b == 0)
        return error(pos, "division by zero");
      return Val::real((double)a / b);
    }
    if (op == "**") {
      if (b < 0 || b > 62)
        return unsupported(pos, "exponent out of range");
      int64_t p = 1;
      for (int64_t k = 0; k < b; ++k)
        p *= a;
      return Val::integer(p);
    }
    if (op == "&") return Val::integer(a & b);
    if (op == "|") return Val::integer(a | b);
    if (op == "^") return Val::integer(a ^ b);
    if (op == "<<" && b >= 0 && b < 63) return Val::integer(a << b);
    if (op == ">>" && b >= 0 && b < 63) return Val::integer(a >> b);
    return unsupported(pos, "operator '" + op + "' is not supported here");
  }
  bool lNum = l.isIntLike() || l.kind == Val::Float;
  bool rNum = r.isIntLike() || r.kind == Val::Float;
  if (lNum && rNum) {
    double a = l.kind == Val::Float ? l.f : l.i;
    double b = r.kind == Val::Float ? r.f : r.i;
    if (op == "+") return Val::real(a + b);
    if (op == "-") return Val::real(a - b);
    if (op == "*") return Val::real(a * b);
    if (op == "/") return Val::real(a / b);
    if (op == "**") return Val::real(std::pow(a, b));
    if (op == "//") return Val::real(std::floor(a / b));
    return unsupported(pos, "operator '" + op + "' is not supported on floats");
  }
  if (l.kind == Val::Str && r.kind == Val::Str && op == "+")
    return Val::str(l.s + r.s);
  if ((l.kind == Val::Tuple || l.kind == Val::List) && l.kind == r.kind &&
      op == "+") {
    l.elems.insert(l.elems.end(), r.elems.begin(), r.elems.end());
    return l;
  }
  auto isElem = [](const Val &v) {
    return v.kind == Val::Scalar || v.kind == Val::Region;
  };
  if ((isElem(l) || lNum) && (isElem(r) || rNum) && kernelFunc)
    return scalarBinary(op, l, r, pos);
  if (l.kind == Val::Opaque)
    return kernelFunc ? error(pos, "value is not known at compile time: " + l.s)
                      : Result(l);
  if (r.kind == Val::Opaque)
    return kernelFunc ? error(pos, "value is not known at compile time: " + r.s)
                      : Result(r);
  return unsupported(pos, "operator '" + op + "' is not supported on these "
                          "operands");
}

/// The dtype a string or `T.<name>` denotes, with aliases resolved; other
/// values keep their full spelling.
static std::string canonicalDType(const Val &v) {
  StringRef name = v.s;
  if (v.kind == Val::Builtin) {
    if (!name.consume_front("tilelang.language."))
      return v.s;
  }
  return llvm::StringSwitch<std::string>(name)
      .Cases({"half", "fp16", "f16"}, "float16")
      .Cases({"float", "fp32", "f32"}, "float32")
      .Case("bf16", "bfloat16")
      .Case("int", "int32")
      .Default(name.str());
}

Result Interpreter::compare(StringRef op, Val l, Val r, ast::Pos pos) {
  if (op == "in" || op == "not in")
    return containment(op, l, r, pos);
  bool lNum = l.isIntLike() || l.kind == Val::Float;
  bool rNum = r.isIntLike() || r.kind == Val::Float;
  if (lNum && rNum) {
    double a = l.kind == Val::Float ? l.f : l.i;
    double b = r.kind == Val::Float ? r.f : r.i;
    if (op == "<") return Val::boolean(a < b);
    if (op == ">") return Val::boolean(a > b);
    if (op == "<=") return Val::boolean(a <= b);
    if (op == ">=") return Val::boolean(a >= b);
    if (op == "==" || op == "is") return Val::boolean(a == b);
    if (op == "!=" || op == "is not") return Val::boolean(a != b);
  }
  if (l.kind == Val::Str && r.kind == Val::Str) {
    if (op == "==") return Val::boolean(l.s == r.s);
    if (op == "!=") return Val::boolean(l.s != r.s);
  }
  // dtypes spelled as T.float16 or "float16" compare by name
  // (`if accum_dtype == "float32":`).
  if ((l.kind == Val::Str || l.kind == Val::Builtin) &&
      (r.kind == Val::Str || r.kind == Val::Builtin) &&
      (op == "==" || op == "!=" || op == "is" || op == "is not")) {
    bool same = canonicalDType(l) == canonicalDType(r);
    return Val::boolean((op == "==" || op == "is") == same);
  }
  if (l.kind == Val::None || r.kind == Val::None) {
    bool same = l.kind == r.kind;
    if (op == "is" || op == "==") return Val::boolean(same);
    if (op == "is not" || op == "!=") return Val::boolean(!same);
  }
  if (kernelFunc && (l.kind == Val::Scalar || l.kind == Val::Region ||
                     r.kind == Val::Scalar || r.kind == Val::Region))
    return scalarCompare(op, l, r, pos);
  return unsupported(pos, "comparison '" + op + "' is not supported here");
}
