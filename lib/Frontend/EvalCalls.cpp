//===- EvalCalls.cpp - Calling functions at compile time ------------------===//
//
// Calls of user functions (binding positional, keyword, default, `*args`
// and `**kwargs` parameters), of Python builtins and TileLang helpers, and of
// the factories and kernels a script defines.
//
//===----------------------------------------------------------------------===//

#include "Interpreter.h"

#include "mlir/AsmParser/AsmParser.h"
#include "llvm/ADT/ScopeExit.h"

#include <cmath>
#include <numeric>

using namespace mlir;
using namespace mlir::tilett::frontend;
using ast::Expr;
using ast::Stmt;

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
    // In an eager @tilelang.jit function, code outside `with T.Kernel` is
    // the host's: a helper it calls (`is_hopper = check_hopper()`) runs as
    // driver code, where device queries are unknown values, not errors.
    Operation *savedKernel = kernelFunc;
    if (eagerConsts && !inKernelBody())
      kernelFunc = nullptr;
    callStack.push_back(def.name);
    Flow f = execBlock(def.body, local);
    callStack.pop_back();
    kernelFunc = savedKernel;
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
  // `Cls.apply(*args)` of a torch.autograd.Function: forward(ctx, *args),
  // with a context that records nothing.
  if (isClass(fn) && fn.kw.back().first == "__apply__") {
    auto it = fn.env->vars.find("forward");
    if (it == fn.env->vars.end() || it->second.kind != Val::Function)
      return unsupported(pos, "class '" + fn.kw.front().second.s +
                                  "' has no forward method to apply");
    args.insert(args.begin(), Val::opaque("an autograd context", pos));
    return callFunction(it->second, std::move(args), std::move(kwargs), pos);
  }
  // Calling a value the compiler does not model (a method of a driver
  // object, a class) gives a value unknown for the same reason.
  if (fn.kind == Val::Opaque && !kernelFunc)
    return fn;
  if (fn.kind != Val::Builtin)
    return unsupported(pos, "this value cannot be called");

  StringRef path = fn.s;
  if (std::optional<Result> r = callHelperBuiltin(path, args, kwargs, pos))
    return *r;
  if (path.starts_with("argparse."))
    return callArgparse(fn, args, kwargs, pos);
  // torch.randn(M, K, ...) and friends: a driver tensor whose shape is known.
  if (path.consume_front("torch."))
    if (std::optional<Result> t = makeTorchTensor(path, args, kwargs, pos))
      return *t;
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
  // math.* of an unknown driver value is unknown for the same reason.
  if (!kernelFunc && path.starts_with("math."))
    for (const Val &a : args)
      if (a.kind == Val::Opaque)
        return driverOperand(a, pos);
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
                          "with_layout_desc", "with_work_partition",
                          "with_compute_config"},
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
