//===- EvalExpressions.cpp - Python expressions at compile time -----------===//
//
// Evaluates expressions: names, attributes, subscripts, literals and
// containers, and the arguments of a call before callFunction runs it.
// Driver-only values (torch tensors, profilers) become opaque values.
//
//===----------------------------------------------------------------------===//

#include "Interpreter.h"

#include "tilett/Dialect/TL/IR/TLOps.h"

#include "llvm/ADT/ScopeExit.h"

#include <functional>

using namespace mlir;
using namespace mlir::tilett::frontend;
using ast::Expr;
using ast::Stmt;

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
    // Names brought in by `from tilelang.language import *` (in the scope
    // chain: an imported module has its own globals).
    for (Env *s = env.get(); s; s = s->parent.get())
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
    if (isTorchTensor(*obj))
      return torchAttribute(*obj, e.name, e.pos);
    if (isClass(*obj)) {
      if (auto it = obj->env->vars.find(e.name); it != obj->env->vars.end())
        return it->second;
      if (e.name == "apply" &&
          llvm::any_of(obj->kw, [](const KwArg &k) {
            return k.first == "__autograd__";
          })) {
        Val apply = *obj;
        apply.kw.emplace_back("__apply__", Val::none());
        return apply;
      }
      return unsupported(e.pos, "'" + obj->kw.front().second.s +
                                    "' has no attribute '" + e.name + "'");
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
    if (obj->kind == Val::Buffer && e.name == "data")
      return error(e.pos, "'" + tl::getBufferName(obj->v) +
                              ".data' (a raw view of a tensor's memory, as in "
                              "T.Tensor(shape, dtype, X.data)) is not "
                              "supported on Tenstorrent: a tensor reshaped in "
                              "place does not have the original's tiles");
    if (obj->kind == Val::Buffer && e.name == "dtype")
      return Val::str(dtypeName(cast<MemRefType>(obj->v.getType())
                                    .getElementType()));
    Val bound = *obj; // a method: resolved by evalCall
    bound.kw.emplace_back("__method__", Val::str(e.name));
    if (e.name == "astype" || (obj->kind == Val::Str && isStrMethod(e.name)))
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
    if (base->kind == Val::Dict && idx.size() == 1)
      if (std::optional<std::string> key = dictKey(idx[0]))
        for (auto &[k, v] : base->kw)
          if (k == *key)
            return v;
    if (isTorchTensor(*base))
      return Val::opaque("an indexed torch tensor (driver data; its shape "
                         "is not modelled)",
                         e.pos);
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
      std::optional<std::string> stored = dictKey(*key);
      std::string name = stored ? *stored
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
  case Expr::Comprehension:
    return evalComprehension(e, env);
  case Expr::Unsupported:
    return unsupported(e.pos, e.name + " is not supported in a kernel");
  }
  return unsupported(e.pos, "unsupported expression");
}

std::optional<std::vector<Val>> Interpreter::iterateConst(const Val &v) {
  switch (v.kind) {
  case Val::Tuple:
  case Val::List:
    return v.elems;
  case Val::Str: {
    std::vector<Val> chars;
    for (char c : v.s)
      chars.push_back(Val::str(std::string(1, c)));
    return chars;
  }
  case Val::Dict: {
    std::vector<Val> keys;
    for (const KwArg &kw : v.kw) {
      if (kw.first.empty() || kw.first[0] == '\x01' || kw.first[0] == '\x02')
        return std::nullopt; // keyed by buffers or non-strings
      keys.push_back(dictKeyValue(kw.first));
    }
    return keys;
  }
  case Val::Range: {
    // range(stop), range(start, stop[, step]) of compile-time integers.
    if (v.s != "range" || v.elems.empty() || v.elems.size() > 3 ||
        !llvm::all_of(v.elems, [](const Val &x) { return x.isIntLike(); }))
      return std::nullopt;
    int64_t start = v.elems.size() > 1 ? v.elems[0].i : 0;
    int64_t stop = v.elems.size() > 1 ? v.elems[1].i : v.elems[0].i;
    int64_t step = v.elems.size() > 2 ? v.elems[2].i : 1;
    if (step == 0)
      return std::nullopt;
    std::vector<Val> items;
    for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step) {
      if (items.size() >= kMaxSteps)
        return std::nullopt;
      items.push_back(Val::integer(i));
    }
    return items;
  }
  default:
    return std::nullopt;
  }
}

/// A comprehension over values known at compile time runs in its own scope
/// (its targets do not leak, as in Python 3) and yields a list (a dict for
/// `{k: v for ...}`); a generator expression is expanded the same way,
/// which is all that sum/any/all/tuple/unpacking need of it.
Result Interpreter::evalComprehension(const Expr &e,
                                      const std::shared_ptr<Env> &env) {
  const bool isDict = e.name == "dict";
  auto scope = std::make_shared<Env>();
  scope->parent = env;
  Val out;
  out.kind = isDict ? Val::Dict : Val::List;
  std::optional<Val> unknown; // set when a value is not known
  std::function<bool(size_t, size_t)> run = [&](size_t op, size_t kid) {
    if (op == e.ops.size()) {
      Result v = eval(*e.kids[0], scope);
      if (!v)
        return false;
      if (!isDict) {
        out.elems.push_back(*v);
        return true;
      }
      Result value = eval(*e.kids[1], scope);
      if (!value)
        return false;
      if (v->kind != Val::Str) {
        Result r = unsupported(e.kids[0]->pos, "dict comprehension keys "
                                               "must be strings");
        if (r)
          unknown = *r;
        return false;
      }
      out.kw.emplace_back(v->s, *value);
      return true;
    }
    if (e.ops[op] == "if") {
      Result c = eval(*e.kids[kid], scope);
      if (!c)
        return false;
      std::optional<bool> b = truth(*c, e.kids[kid]->pos);
      if (!b) {
        Result r = unsupported(e.kids[kid]->pos,
                               "a comprehension condition not known at "
                               "compile time");
        if (r)
          unknown = *r;
        return false;
      }
      return !*b || run(op + 1, kid + 1);
    }
    Result it = eval(*e.kids[kid + 1], scope);
    if (!it)
      return false;
    std::optional<std::vector<Val>> items = iterateConst(*it);
    if (!items) {
      Result r = unsupported(e.kids[kid + 1]->pos,
                             "a comprehension over a value not known at "
                             "compile time");
      if (r)
        unknown = *r;
      return false;
    }
    for (const Val &x : *items) {
      if (failed(assign(*e.kids[kid], x, scope)) || !run(op + 1, kid + 2))
        return false;
    }
    return true;
  };
  if (run(0, isDict ? 2 : 1))
    return out;
  if (unknown)
    return *unknown;
  return std::nullopt;
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
    if (isTorchTensor(self))
      return callTorchMethod(self, method, args, e.pos);
    if (self.kind == Val::Str)
      return callStrMethod(self, method, args, e.pos);
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

bool mlir::tilett::frontend::isClass(const Val &v) {
  return v.kind == Val::Opaque && v.env && !v.kw.empty() &&
         v.kw.front().first == "__class__";
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
