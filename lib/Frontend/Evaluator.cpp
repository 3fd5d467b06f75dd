//===- Evaluator.cpp - Python semantics for TileLang scripts --------------===//
//
// Executes statements on compile-time values: running the module and the
// entry call, blocks, `if`/`for`/`with`/`return`, definitions and
// assignments. Expressions are in EvalExpressions.cpp, calls in
// EvalCalls.cpp and operators in PythonOperators.cpp; arithmetic on SSA
// values is handed to ElementAccess.cpp. Driver code evaluates to opaque
// values so that printing, torch checks and profiler calls never stop
// compilation.
//
//===----------------------------------------------------------------------===//

#include "Interpreter.h"

#include "tilett/Dialect/TL/IR/TLOps.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace mlir::tilett::frontend;
using ast::Expr;
using ast::Stmt;

Result Interpreter::error(ast::Pos pos, const Twine &msg) {
  emitError(loc(pos)) << msg;
  return std::nullopt;
}

bool Interpreter::inKernelBody() {
  for (Operation *op = builder.getInsertionBlock()
                           ? builder.getInsertionBlock()->getParentOp()
                           : nullptr;
       op; op = op->getParentOp())
    if (isa<tl::KernelOp>(op))
      return true;
  return false;
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
  globals = newGlobals("__main__");
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
      if (std::optional<Result> sibling = importSibling(mod, s.pos)) {
        if (!*sibling)
          return Flow::Error;
        env->vars[alias.empty() ? mod : alias] = **sibling;
        continue;
      }
      if (alias.empty())
        env->vars[StringRef(mod).split('.').first] =
            Val::builtin(StringRef(mod).split('.').first.str());
      else
        env->vars[alias] = Val::builtin(mod);
    }
    return Flow::Normal;
  case Stmt::ImportFrom:
    if (std::optional<Result> sibling = importSibling(s.name, s.pos)) {
      if (!*sibling)
        return Flow::Error;
      const Env &scope = *(*sibling)->env;
      for (auto &[name, alias] : s.names) {
        if (name == "*") {
          for (auto &entry : scope.vars)
            if (!entry.getKey().starts_with("_"))
              env->vars[entry.getKey()] = entry.getValue();
          continue;
        }
        auto it = scope.vars.find(name);
        env->vars[alias.empty() ? name : alias] =
            it != scope.vars.end()
                ? it->second
                : Val::opaque("name '" + name + "' is not defined in " +
                                  s.name + ".py",
                              s.pos);
      }
      return Flow::Normal;
    }
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
  case Stmt::ClassDef: {
    // A class is a namespace of functions: its body runs once, its methods
    // can be looked up on it, and instances are not modelled. A
    // torch.autograd.Function subclass's `Cls.apply(...)` runs its static
    // `forward`, which is where the attention examples build their forward
    // kernels (backward runs from torch's autograd, which is not modelled).
    if (kernelFunc) {
      emitError(loc(s.pos)) << "a class definition is not supported in a "
                               "kernel";
      return Flow::Error;
    }
    auto body = std::make_shared<Env>();
    body->parent = env;
    if (execBlock(s.body, body) == Flow::Error)
      return Flow::Error;
    // Methods see the enclosing scope, not the class body (as in Python).
    for (auto &entry : body->vars)
      if (entry.second.kind == Val::Function && entry.second.env == body)
        entry.second.env = env;
    Val cls = Val::opaque("an instance of class '" + s.name +
                              "' (instances are not modelled)",
                          s.pos);
    cls.kw.emplace_back("__class__", Val::str(s.name));
    cls.env = body;
    for (const ast::ExprPtr &base : s.targets) {
      Result b = eval(*base, env);
      if (b && b->kind == Val::Builtin &&
          StringRef(b->s).ends_with("autograd.Function"))
        cls.kw.emplace_back("__autograd__", Val::none());
    }
    env->vars[s.name] = cls;
    return Flow::Normal;
  }
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
        Type type = parseType(t->kw[0].second.s, ctx);
        if (eagerProbe)
          probeDeclaredShape(type, env->lookup(s.targets[0]->name));
        env->vars[s.targets[0]->name] =
            addKernelArgument(type, s.targets[0]->name, s.pos);
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
      if (kernelFunc) {
        // truth() reported element values; anything else is named here.
        if (c->kind != Val::Scalar)
          emitError(loc(s.value->pos))
              << "expected a condition known at compile time"
              << (c->kind == Val::Opaque ? " but it depends on " + c->s
                                         : std::string());
        return Flow::Error;
      }
      // A driver condition on values the compiler does not model, typically
      // a CUDA device query choosing a configuration (`if sm_version ==
      // 89:` ... `else:` a default). The else branch is the one that holds
      // when the condition is false, as on a machine without that device;
      // skipping both would leave its names unbound. A branch that raises
      // is the one a running script did not take (`if is_available(): ...
      // else: raise`), so the other one runs.
      auto raises = [](const ast::Block &b) {
        return llvm::any_of(b, [](const ast::StmtPtr &st) {
          return st->kind == Stmt::Raise;
        });
      };
      bool runBody = raises(s.orelse) && !raises(s.body);
      if (!s.orelse.empty())
        remark(s.value->pos,
               "condition not known at compile time" +
                   (c->kind == Val::Opaque ? " (" + c->s + ")" : "") +
                   (runBody ? "; running its body, since the else branch "
                              "raises"
                            : "; running its else branch, as if it were "
                              "false"));
      return execBlock(runBody ? s.body : s.orelse, env);
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
      // Each part is unknown for the reason the whole is.
      std::string why =
          value.kind == Val::Opaque ? value.s : "unpacked driver value";
      for (const ast::ExprPtr &k : target.kids)
        if (failed(assign(*k, Val::opaque(why, k->pos), env)))
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
