//===- PrimFuncBuilder.cpp - Kernels: prim_funcs and the launch -----------===//
//
// Turns a `@T.prim_func` (or an eager `@tilelang.jit` function) into a
// func.func with its tensor arguments, runs `with T.Kernel(...)` into a
// tl.kernel, keeps one copy of identical instances, and applies the original
// backend's ir_sugar calls to a built kernel.
//
//===----------------------------------------------------------------------===//

#include "Interpreter.h"

#include "tilett/Dialect/TL/IR/TLOps.h"
#include "tilett/Dialect/TT/IR/TTAttrs.h"
#include "tilett/Dialect/TT/IR/TTSugar.h"

#include "mlir/IR/OperationSupport.h"
#include "mlir/AsmParser/AsmParser.h"

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::frontend;

/// The original backend's ir_sugar.py on a built kernel. Each call goes
/// through the tt dialect's own sugar, which checks the value against the
/// function; the kernel value is returned so `f = with_core_grid(f, 4, 4)`
/// keeps working.
Result Interpreter::callTTSugar(StringRef name, const std::vector<Val> &args,
                                const std::vector<KwArg> &kwargs,
                                ast::Pos pos) {
  auto pair = [&](const Val &v, int64_t &x, int64_t &y) {
    if ((v.kind != Val::Tuple && v.kind != Val::List) || v.elems.size() != 2 ||
        !v.elems[0].isIntLike() || !v.elems[1].isIntLike())
      return false;
    x = v.elems[0].i;
    y = v.elems[1].i;
    return true;
  };
  if (name == "CoreRange") {
    Val start = getArg(args, kwargs, 0, "start", Val::none());
    Val extent = getArg(args, kwargs, 1, "extent", Val::none());
    int64_t sx, sy, ex, ey;
    if (!pair(start, sx, sy) || !pair(extent, ex, ey))
      return unsupported(pos, "CoreRange(start, extent) of values not known "
                              "at compile time");
    Val r;
    r.kind = Val::Dict;
    r.kw = {{"start", start}, {"extent", extent}};
    r.s = "__core_range__";
    return r;
  }
  // Applied to anything but a kernel (a TVM PrimFunc built some other way),
  // the call is driver code.
  if (args.empty() || args[0].kind != Val::PrimFunc)
    return unsupported(pos, name + " of a value that is not a @T.prim_func");
  Val kernel = args[0];
  auto fn = module.lookupSymbol<func::FuncOp>(kernel.s);
  if (!fn)
    return unsupported(pos, name + " of a kernel that was not built");
  Location l = loc(pos);
  auto failedAt = [&]() -> Result {
    return error(pos, name + " rejected its arguments (see the error above)");
  };
  if (name == "with_core_grid") {
    Val gxv = getArg(args, kwargs, 1, "gx", Val::none());
    Val gyv = getArg(args, kwargs, 2, "gy", Val::none());
    std::optional<int64_t> gx = toConstInt(gxv, pos, "gx");
    std::optional<int64_t> gy = gx ? toConstInt(gyv, pos, "gy") : std::nullopt;
    if (!gy)
      return std::nullopt;
    if (failed(tt::withCoreGrid(fn, *gx, *gy)))
      return failedAt();
    return kernel;
  }
  if (name == "with_core_ranges") {
    Val list = getArg(args, kwargs, 1, "ranges", Val::none());
    if (list.kind != Val::List && list.kind != Val::Tuple)
      return error(pos, "expected with_core_ranges(func, [CoreRange(start, "
                        "extent), ...])");
    SmallVector<tt::CoreRange> ranges;
    for (const Val &r : list.elems) {
      tt::CoreRange cr;
      if (r.s != "__core_range__" || !pair(r.kw[0].second, cr.sx, cr.sy) ||
          !pair(r.kw[1].second, cr.ex, cr.ey))
        return error(pos, "expected with_core_ranges(func, [CoreRange(start, "
                          "extent), ...])");
      ranges.push_back(cr);
    }
    if (failed(tt::withCoreRanges(fn, ranges)))
      return failedAt();
    return kernel;
  }
  if (name == "with_compute_config") {
    // with_compute_config(func, math_fidelity="HiFi2", math_approx_mode=True)
    Val fidelity = getArg(args, kwargs, 1, "math_fidelity", Val::none());
    Val approx = getArg(args, kwargs, 2, "math_approx_mode", Val::none());
    if ((fidelity.kind != Val::None && fidelity.kind != Val::Str) ||
        (approx.kind != Val::None && approx.kind != Val::Bool))
      return error(pos, "expected with_compute_config(func, math_fidelity="
                        "\"LoFi\"|\"HiFi2\"|\"HiFi3\"|\"HiFi4\", "
                        "math_approx_mode=True|False)");
    std::optional<StringRef> f;
    std::optional<bool> a;
    if (fidelity.kind == Val::Str)
      f = fidelity.s;
    if (approx.kind == Val::Bool)
      a = approx.i != 0;
    if (failed(tt::withComputeConfig(fn, f, a)))
      return failedAt();
    return kernel;
  }
  if (name == "with_layout_desc") {
    Val layouts = getArg(args, kwargs, 1, "layouts", Val::none());
    if (layouts.kind != Val::Dict)
      return error(pos, "expected with_layout_desc(func, {\"A\": {...}, ...})");
    SmallVector<NamedAttribute> entries;
    for (auto &[buffer, layout] : layouts.kw) {
      if (buffer.empty() || buffer[0] == '\x01' || buffer[0] == '\x02' ||
          layout.kind != Val::Dict)
        return error(pos, "expected with_layout_desc(func, {\"A\": {...}, "
                          "...}) keyed by buffer names");
      SmallVector<NamedAttribute> fields;
      for (auto &[fk, fv] : layout.kw) {
        Attribute a = toLayoutField(fv, fk, pos);
        if (!a)
          return std::nullopt;
        fields.push_back(builder.getNamedAttr(fk, a));
      }
      entries.push_back(
          builder.getNamedAttr(buffer, builder.getDictionaryAttr(fields)));
    }
    if (failed(tt::withLayoutDesc(fn, builder.getDictionaryAttr(entries))))
      return failedAt();
    return kernel;
  }
  // with_work_partition: tilett derives the partition (TTTilesToCoreMap).
  mlir::emitWarning(l) << "ignoring " << name
                       << ": tilett computes the work partition itself "
                          "(TTTilesToCoreMap)";
  return kernel;
}

Val Interpreter::addKernelArgument(Type type, StringRef name, ast::Pos pos) {
  auto fn = cast<func::FuncOp>(kernelFunc);
  unsigned index = fn.getNumArguments();
  (void)fn.insertArgument(index, type,
                          builder.getDictionaryAttr(builder.getNamedAttr(
                              tl::kBufferNameAttr, builder.getStringAttr(name))),
                          loc(pos));
  Val b;
  b.kind = Val::Buffer;
  b.v = fn.getArgument(index);
  return b;
}

Result Interpreter::buildEagerKernel(const Val &fnVal, std::vector<Val> args,
                                     std::vector<KwArg> kwargs,
                                     ast::Pos pos) {
  const ast::Stmt &def = *fnVal.fn;
  // With an entry call, only that call instantiates kernels.
  if (!buildKernels)
    return Val::opaque("kernel not instantiated", pos);
  if (kernelFunc)
    return error(pos, "a @tilelang.jit kernel cannot be compiled inside a "
                      "kernel");
  if (callStack.size() >= 64)
    return error(pos, "calls nested too deeply");
  // Parameters take positional values, then keywords, then defaults; the
  // rest are tensors declared later with `A: T.Tensor(...)`. Keywords that
  // name no parameter are the T.const sizes.
  auto local = std::make_shared<Env>();
  local->parent = fnVal.env;
  size_t next = 0;
  for (auto [p, param] : llvm::enumerate(def.params)) {
    if (param.variadic)
      continue;
    Val v = Val::opaque("tensor parameter '" + param.name +
                            "' (declare it with " + param.name +
                            ": T.Tensor(shape, dtype))",
                        param.pos);
    if (param.defaultValue)
      v = fnVal.elems[p];
    if (next < args.size())
      v = args[next++];
    for (auto &[k, kv] : kwargs)
      if (k == param.name)
        v = kv;
    local->vars[param.name] = v;
  }

  // Sizes not given by keyword come from torch tensors passed for declared
  // parameters: `A: T.Tensor((M, K), dtype)` with A of shape (1024, 512)
  // gives M = 1024, K = 512.
  for (const ast::StmtPtr &st : def.body) {
    if (st->kind != ast::Stmt::AnnAssign || st->value ||
        st->targets[0]->kind != ast::Expr::Name || !st->annotation ||
        st->annotation->kind != ast::Expr::Call ||
        st->annotation->kids.size() < 2)
      continue;
    Val *given = local->lookup(st->targets[0]->name);
    const ast::Expr &shape = *st->annotation->kids[1];
    if (!given || !isTorchTensor(*given) ||
        (shape.kind != ast::Expr::Tuple && shape.kind != ast::Expr::List) ||
        shape.kids.size() != given->elems.size())
      continue;
    for (auto [dim, size] : llvm::zip(shape.kids, given->elems)) {
      if (dim->kind != ast::Expr::Name ||
          llvm::any_of(kwargs, [&](const KwArg &kw) {
            return kw.first == dim->name;
          }))
        continue;
      kwargs.push_back({dim->name, size});
    }
  }

  std::string symbol = def.name;
  for (unsigned n = 1; module.lookupSymbol(symbol); ++n)
    symbol = def.name + "_" + std::to_string(n);
  OpBuilder::InsertionGuard guard(builder);
  auto newFunc = [&](StringRef name) {
    builder.setInsertionPointToEnd(module.getBody());
    auto fn = func::FuncOp::create(builder, loc(def.pos), name,
                                   builder.getFunctionType({}, {}));
    Block *entry = fn.addEntryBlock();
    builder.setInsertionPointToEnd(entry);
    auto ret = func::ReturnOp::create(builder, loc(def.pos));
    builder.setInsertionPoint(ret);
    return fn;
  };

  // Sizes the scan above could not bind: used in arithmetic before their
  // tensor is declared (`OH = (H + 2 * P - K) // S + 1`), or declared
  // through a computed shape (`B: T.Tensor(B_shape, ...)`,
  // `KH, KW = K, K`). A first run of the body up to its `with T.Kernel`,
  // silent and thrown away, gives each unbound size a stand-in value; a
  // declared parameter passed a torch tensor binds each size whose stand-in
  // is one of its dimensions to the tensor's extent there.
  if (llvm::any_of(local->vars, [](const auto &entry) {
        return isTorchTensor(entry.getValue());
      })) {
    EagerProbe probe;
    auto probeLocal = std::make_shared<Env>(*local);
    func::FuncOp scratch = newFunc(symbol + "__probe");
    {
      ScopedDiagnosticHandler quiet(ctx, [](Diagnostic &) { return success(); });
      kernelFunc = scratch;
      eagerConsts = &kwargs;
      eagerProbe = &probe;
      callStack.push_back(def.name);
      for (const ast::StmtPtr &st : def.body)
        if (st->kind == ast::Stmt::With ||
            execStmt(*st, probeLocal) != Flow::Normal)
          break;
      callStack.pop_back();
      eagerProbe = nullptr;
      eagerConsts = nullptr;
      kernelFunc = nullptr;
    }
    scratch.erase();
    for (KwArg &kw : probe.found)
      if (llvm::none_of(kwargs,
                        [&](const KwArg &k) { return k.first == kw.first; }))
        kwargs.push_back(std::move(kw));
  }

  func::FuncOp fn = newFunc(symbol);
  kernelFunc = fn;
  eagerConsts = &kwargs;
  callStack.push_back(def.name);
  Flow f = execBlock(def.body, local);
  callStack.pop_back();
  eagerConsts = nullptr;
  kernelFunc = nullptr;
  if (f == Flow::Error) {
    fn.erase();
    return std::nullopt;
  }
  Val result;
  result.kind = Val::PrimFunc;
  result.s = dedupInstance(fn, def.name + ":" + std::to_string((uintptr_t)&def));
  return result;
}

Result Interpreter::buildPrimFunc(const ast::Stmt &def,
                                  const std::shared_ptr<Env> &env) {
  // Kernel name: the prim_func's own name, unless it is the generic `main`,
  // then the factory that made it.
  std::string name = def.name;
  if (name == "main" && !callStack.empty() && callStack.back() != "main")
    name = callStack.back();

  SmallVector<Type> argTypes;
  SmallVector<std::string> argNames;
  Operation *savedKernel = kernelFunc;
  // Annotations are evaluated as kernel code: their errors are reported.
  kernelFunc = module;
  for (const ast::Param &p : def.params) {
    if (!p.annotation) {
      kernelFunc = savedKernel;
      return error(p.pos, "expected kernel parameter '" + p.name +
                              "' to be annotated with T.Tensor(shape, dtype)");
    }
    Result t = eval(*p.annotation, env);
    if (!t) {
      kernelFunc = savedKernel;
      return std::nullopt;
    }
    if (t->kind != Val::Str || t->s != "__tensor_type__") {
      kernelFunc = savedKernel;
      return error(p.annotation->pos,
                   "expected kernel parameter '" + p.name +
                       "' to be a T.Tensor(shape, dtype) or T.Buffer(shape, "
                       "dtype); scalar parameters are not supported");
    }
    Type type = parseType(t->kw[0].second.s, ctx);
    argTypes.push_back(type);
    argNames.push_back(p.name);
  }
  kernelFunc = savedKernel;

  std::string key = name + ":" + std::to_string((uintptr_t)&def);
  Val result;
  result.kind = Val::PrimFunc;

  // Unique symbol names for several instances of one factory.
  std::string symbol = name;
  for (unsigned n = 1; module.lookupSymbol(symbol); ++n)
    symbol = name + "_" + std::to_string(n);

  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(module.getBody());
  auto fn = func::FuncOp::create(builder, loc(def.pos), symbol,
                                         builder.getFunctionType(argTypes, {}));
  Block *entry = fn.addEntryBlock();
  auto local = std::make_shared<Env>();
  local->parent = env;
  for (auto [i, argName] : llvm::enumerate(argNames)) {
    fn.setArgAttr(i, tl::kBufferNameAttr, builder.getStringAttr(argName));
    Val b;
    b.kind = Val::Buffer;
    b.v = entry->getArgument(i);
    local->vars[argName] = b;
  }
  builder.setInsertionPointToEnd(entry);
  auto ret = func::ReturnOp::create(builder, loc(def.pos));
  builder.setInsertionPoint(ret);

  kernelFunc = fn;
  callStack.push_back(def.name);
  Flow f = execBlock(def.body, local);
  callStack.pop_back();
  kernelFunc = savedKernel;
  if (f == Flow::Error)
    return std::nullopt;
  result.s = dedupInstance(fn, key);
  return result;
}

/// A factory called twice with the same values builds the same kernel; one
/// copy is kept. Instances differ whenever any value that reached the kernel
/// differs (sizes, dtypes, a flag choosing an epilogue), so equality is
/// decided on the built function, not on the factory's arguments.
std::string Interpreter::dedupInstance(func::FuncOp fn,
                                       const std::string &defKey) {
  std::string symbol = fn.getSymName().str();
  std::vector<std::string> &seen = instances[defKey];
  for (const std::string &old : seen) {
    auto other = module.lookupSymbol<func::FuncOp>(old);
    if (!other)
      continue;
    // Same ops, attributes, types and uses, region by region; where in the
    // script each was built does not matter. The names differ by
    // construction, so compare under one.
    fn.setSymName(old);
    bool same = OperationEquivalence::isEquivalentTo(
        fn, other, OperationEquivalence::IgnoreLocations);
    fn.setSymName(symbol);
    if (same) {
      fn.erase();
      return old;
    }
  }
  seen.push_back(symbol);
  ++numKernels;
  return symbol;
}

Flow Interpreter::execKernelWith(const ast::Stmt &s, const Val &,
                                 const std::shared_ptr<Env> &env) {
  const ast::Expr &call = *s.items[0].first;
  if (!kernelFunc || kernelFunc == module.getOperation()) {
    emitError(loc(s.pos)) << "T.Kernel is only allowed in a @T.prim_func";
    return Flow::Error;
  }
  SmallVector<int64_t> grid;
  std::optional<int64_t> threads;
  for (size_t k = 1; k < call.kids.size(); ++k) {
    Result r = eval(*call.kids[k], env);
    if (!r)
      return Flow::Error;
    std::optional<int64_t> g = toConstInt(*r, call.kids[k]->pos, "a grid size");
    if (!g)
      return Flow::Error;
    grid.push_back(*g);
  }
  if (grid.empty() || grid.size() > 3) {
    emitError(loc(call.pos)) << "expected 1 to 3 grid dimensions in T.Kernel "
                                "but got "
                             << grid.size();
    return Flow::Error;
  }
  for (auto &[k, v] : call.kwargs) {
    Result r = eval(*v, env);
    if (!r)
      return Flow::Error;
    if (k == "threads") {
      if (r->isIntLike())
        threads = r->i;
      remark(v->pos, "ignoring GPU scheduling hint 'threads=' (no meaning on "
                     "Tenstorrent; kept for round trips)");
    } else if (k == "core_grid") {
      if ((r->kind != Val::Tuple && r->kind != Val::List) ||
          r->elems.size() != 2 || !r->elems[0].isIntLike() ||
          !r->elems[1].isIntLike() || r->elems[0].i <= 0 || r->elems[1].i <= 0) {
        emitError(loc(v->pos)) << "expected core_grid=(gx, gy) with positive "
                                  "integers";
        return Flow::Error;
      }
      kernelFunc->setAttr("tt.core_grid", tt::CoreGridAttr::get(
                                              ctx, r->elems[0].i, r->elems[1].i));
    } else if (k == "prelude" || k == "is_cpu" || k == "cluster_dims") {
      remark(v->pos, "ignoring T.Kernel argument '" + k + "='");
    } else {
      emitError(loc(v->pos)) << "unknown T.Kernel argument '" << k << "='";
      return Flow::Error;
    }
  }
  for (int64_t g : grid)
    if (g <= 0) {
      emitError(loc(call.pos)) << "expected positive grid sizes but got " << g;
      return Flow::Error;
    }
  auto kernel = tl::KernelOp::create(builder, loc(call.pos), grid, threads);
  Block *body = &kernel.getBody().front();
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(body);
  if (const ast::Expr *target = s.items[0].second.get()) {
    Val idx;
    if (body->getNumArguments() == 1 && target->kind == ast::Expr::Name) {
      idx = Val::scalar(body->getArgument(0));
    } else {
      idx.kind = Val::Tuple;
      for (Value a : body->getArguments())
        idx.elems.push_back(Val::scalar(a));
    }
    if (failed(assign(*target, idx, env)))
      return Flow::Error;
  }
  Flow f = execBlock(s.body, env);
  return f == Flow::Error ? f : Flow::Normal;
}

void Interpreter::probeDeclaredShape(Type declared, const Val *given) {
  auto type = dyn_cast_or_null<MemRefType>(declared);
  if (!type || !given || !isTorchTensor(*given) ||
      (size_t)type.getRank() != given->elems.size())
    return;
  for (auto [dim, size] : llvm::zip(type.getShape(), given->elems))
    for (const auto &[name, standIn] : eagerProbe->standIns)
      if (dim == standIn &&
          llvm::none_of(eagerProbe->found,
                        [&, &name = name](const KwArg &k) {
                          return k.first == name;
                        }))
        eagerProbe->found.push_back({name, size});
}
