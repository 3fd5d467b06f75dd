//===- KernelLoops.cpp - T.Pipelined, T.serial and T.Parallel loops -------===//
//
// Runs a loop body once, symbolically, inside the tl loop op it builds, and
// keeps names bound to values computed inside the loop from escaping it.
//
//===----------------------------------------------------------------------===//

#include "Interpreter.h"

#include "tilett/Dialect/TL/IR/TLOps.h"

#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::frontend;

/// The body of a kernel loop runs once, symbolically, so a name it binds to
/// a value computed inside the loop must not escape: a name that held a
/// number before the loop (an accumulator, a T.alloc_var) would need a
/// loop-carried value, which tilett does not model, so that is an error at
/// the assignment; a name the loop introduced is unbound after it (reading
/// it names the loop).
static void collectNames(const ast::Expr &e, llvm::StringSet<> &out) {
  if (e.kind == ast::Expr::Name)
    out.insert(e.name);
  for (const ast::ExprPtr &k : e.kids)
    collectNames(*k, out);
}

Flow Interpreter::escapeLoopScalars(const ast::Expr &target, Region &loop,
                                    const llvm::StringMap<Val> &before,
                                    const std::shared_ptr<Env> &env,
                                    ast::Pos pos) {
  llvm::StringSet<> ivs;
  collectNames(target, ivs);
  for (auto &entry : env->vars) {
    Val &v = entry.second;
    if (v.kind != Val::Scalar || !v.v || !loop.isAncestor(v.v.getParentRegion()))
      continue;
    StringRef name = entry.getKey();
    auto old = before.find(name);
    bool carried = !ivs.contains(name) && old != before.end() &&
                   (old->second.kind == Val::Scalar ||
                    old->second.isIntLike() || old->second.kind == Val::Float);
    if (carried) {
      Operation *def = v.v.getDefiningOp();
      emitError(def ? def->getLoc() : loc(pos))
          << "'" << name
          << "' is reassigned inside a kernel loop, so its value would carry "
             "from one iteration to the next; loop-carried scalars are not "
             "supported: accumulate into a buffer (T.alloc_fragment) instead";
      return Flow::Error;
    }
    v = Val::opaque("'" + name.str() + "' was bound inside a kernel loop "
                    "and is not defined after it", pos);
  }
  return Flow::Normal;
}

Flow Interpreter::execLoop(const ast::Stmt &s, const Val &range,
                           const std::shared_ptr<Env> &env) {
  ast::Pos pos = s.value->pos;
  Location l = loc(pos);
  const ast::Expr &target = *s.targets[0];
  auto runBody = [&](Block *body, ValueRange ivs) -> Flow {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPoint(body->getTerminator() ? body->getTerminator()
                                                    : nullptr);
    if (!body->empty() && body->back().hasTrait<OpTrait::IsTerminator>())
      builder.setInsertionPoint(&body->back());
    else
      builder.setInsertionPointToEnd(body);
    Val idx;
    if (ivs.size() == 1 && target.kind != ast::Expr::Tuple) {
      idx = Val::scalar(ivs[0]);
    } else {
      idx.kind = Val::Tuple;
      for (Value v : ivs)
        idx.elems.push_back(Val::scalar(v));
    }
    llvm::StringMap<Val> before = env->vars;
    if (failed(assign(target, idx, env)))
      return Flow::Error;
    Flow f = execBlock(s.body, env);
    if (f == Flow::Break || f == Flow::Continue || f == Flow::Return) {
      emitError(l) << "'break', 'continue' and 'return' are not supported in "
                      "kernel loops";
      return Flow::Error;
    }
    if (f == Flow::Error)
      return f;
    return escapeLoopScalars(target, *body->getParent(), before, env, pos);
  };

  if (!kernelFunc) {
    // Driver loop over a constant range: run it (bounded by kMaxSteps).
    if (range.s != "range")
      return Flow::Normal;
    std::vector<int64_t> b;
    for (const Val &a : range.elems) {
      if (!a.isIntLike())
        return Flow::Normal;
      b.push_back(a.i);
    }
    int64_t lo = b.size() > 1 ? b[0] : 0, hi = b.size() > 1 ? b[1] : b.empty() ? 0 : b[0];
    int64_t step = b.size() > 2 ? b[2] : 1;
    if (step <= 0)
      return Flow::Normal;
    for (int64_t i = lo; i < hi; i += step) {
      if (failed(assign(target, Val::integer(i), env)))
        return Flow::Error;
      Flow f = execBlock(s.body, env);
      if (f == Flow::Break)
        break;
      if (f == Flow::Return || f == Flow::Error)
        return f;
    }
    return Flow::Normal;
  }

  if (range.s == "Parallel") {
    SmallVector<int64_t> extents;
    for (const Val &a : range.elems) {
      std::optional<int64_t> n = toConstInt(a, pos, "a T.Parallel extent");
      if (!n)
        return Flow::Error;
      if (*n <= 0) {
        emitError(l) << "expected positive T.Parallel extents but got " << *n;
        return Flow::Error;
      }
      extents.push_back(*n);
    }
    size_t numTargets = target.kind == ast::Expr::Tuple ? target.kids.size() : 1;
    if (extents.empty() || numTargets != extents.size()) {
      emitError(l) << "expected " << extents.size()
                   << " loop variables for T.Parallel but got " << numTargets;
      return Flow::Error;
    }
    auto par = tl::ParallelOp::create(builder, l, extents);
    ++parallelDepth;
    Flow f = runBody(&par.getBody().front(), par.getIndices());
    --parallelDepth;
    return f;
  }

  // T.Pipelined(n) / T.Pipelined(start, stop) and range-like loops.
  std::vector<Val> b = range.elems;
  if (b.empty() || b.size() > 3) {
    emitError(l) << "expected 1 to 3 loop bounds but got " << b.size();
    return Flow::Error;
  }
  Val lo = b.size() > 1 ? b[0] : Val::integer(0);
  Val hi = b.size() > 1 ? b[1] : b[0];
  Val step = b.size() > 2 ? b[2] : Val::integer(1);
  if (target.kind != ast::Expr::Name) {
    emitError(loc(target.pos)) << "expected one loop variable";
    return Flow::Error;
  }
  if (range.s == "Pipelined") {
    std::optional<int64_t> l0 = toConstInt(lo, pos, "the T.Pipelined start");
    std::optional<int64_t> h0 = l0 ? toConstInt(hi, pos, "the T.Pipelined trip count") : std::nullopt;
    std::optional<int64_t> s0 = h0 ? toConstInt(step, pos, "the T.Pipelined step") : std::nullopt;
    if (!s0)
      return Flow::Error;
    std::optional<int64_t> stages = toConstInt(
        getArg({}, range.kw, 0, "num_stages", Val::integer(1)), pos,
        "num_stages");
    if (!stages)
      return Flow::Error;
    if (*s0 <= 0 || *h0 < *l0 || *stages < 0) {
      emitError(l) << "expected a non-empty T.Pipelined range with a positive "
                      "step and num_stages >= 0";
      return Flow::Error;
    }
    auto pipe = tl::PipelinedOp::create(builder, l, *l0, *h0, *s0,
                                                std::max<int64_t>(*stages, 1));
    return runBody(&pipe.getBody().front(), pipe.getBody().front().getArguments());
  }
  std::optional<Value> lv = toIndex(lo, pos);
  std::optional<Value> hv = lv ? toIndex(hi, pos) : std::nullopt;
  std::optional<Value> sv = hv ? toIndex(step, pos) : std::nullopt;
  if (!sv)
    return Flow::Error;
  if (step.isIntLike() && step.i <= 0) {
    emitError(l) << "expected a positive loop step";
    return Flow::Error;
  }
  auto loop = scf::ForOp::create(builder, l, *lv, *hv, *sv);
  return runBody(loop.getBody(), loop.getInductionVar());
}
