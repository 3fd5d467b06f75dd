//===- Fusion.cpp - Element-wise chains that stay in DST ------------------===//
//
// The decisions that keep consecutive ops on the same tiles in DST instead of
// packing each intermediate into its CB and unpacking it again
// (KernelLowering.h, "Fusion"). The dataflow facts come from
// FusionAnalysis.h; this file matches them against what the lowering can
// emit (expressions, DST budget, tile geometry, residency).
//
//===----------------------------------------------------------------------===//

#include "KernelLowering.h"

#include "tilett/Transforms/FusionAnalysis.h"

#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::lowering;

/// The single store of `op` as an expression, or nothing; diagnostics of a
/// body the lowering cannot take are left to its own lowering.
static std::optional<ParallelExpr> matchSingleStore(tl::ParallelOp op) {
  ScopedDiagnosticHandler quiet(op.getContext(),
                                [](Diagnostic &) { return success(); });
  FailureOr<SmallVector<ParallelExpr>> match = matchParallel(op);
  if (failed(match) || match->size() != 1)
    return std::nullopt;
  return std::move(match->front());
}

/// The op after `op` in its block, past pure ops without regions (index
/// arithmetic, constants), which run where they are either way.
static Operation *nextTileOp(Operation *op) {
  Operation *next = op->getNextNode();
  while (next && next->getNumRegions() == 0 && isPure(next))
    next = next->getNextNode();
  return next;
}

bool KernelLowering::deferToConsumer(Operation *op, Value target,
                                     bool wasFull,
                                     std::unique_ptr<Expr> &expr) {
  auto next = dyn_cast_or_null<tl::ParallelOp>(nextTileOp(op));
  if (!next || !locals.contains(target))
    return false;
  std::optional<ParallelExpr> consumer = matchSingleStore(next);
  if (!consumer || !locals.contains(consumer->target))
    return false;
  Value out = consumer->target;
  SmallVector<Value> reads;
  consumer->expr->collectBuffers(reads);
  // The consumer must read the intermediate tile for tile, at the tile it
  // writes; and the intermediate must not be needed once the consumer has
  // run: either the consumer replaces it, or nothing reads it later and it
  // had no value before (so its CB needs no draining).
  if (!llvm::is_contained(reads, target) ||
      !consumer->expr->readsPlainly(target))
    return false;
  if (out != target && (wasFull || !fusion::isDeadAfter(next, target)))
    return false;
  const LocalCB &from = locals.find(target)->second;
  const LocalCB &to = locals.find(out)->second;
  if (from.rowTiles != to.rowTiles || from.colTiles != to.colTiles ||
      from.form != to.form)
    return false;
  std::unique_ptr<Expr> fused = consumer->expr->clone();
  Expr::substitute(fused, target, *expr);
  // An in-place consumer reads its own old tiles by sub-block position.
  if (fused->slotsNeeded() > dstBudget || !fused->readsPlainly(out))
    return false;
  // Loaded buffers the producer was the last to read are dropped after the
  // consumer, which now reads them.
  if (auto it = popAfter.find(op); it != popAfter.end()) {
    SmallVector<Value> buffers = std::move(it->second);
    popAfter.erase(it);
    llvm::append_range(popAfter[next], buffers);
  }
  deferred[next] = Deferred{target, std::move(expr)};
  return true;
}

void KernelLowering::takeDeferred(Operation *op, std::unique_ptr<Expr> &expr) {
  auto it = deferred.find(op);
  if (it == deferred.end())
    return;
  Expr::substitute(expr, it->second.buffer, *it->second.expr);
  deferred.erase(it);
}

tl::CopyOp KernelLowering::fusableStore(Operation *op, Value target,
                                        bool wasFull) {
  auto store = dyn_cast_or_null<tl::CopyOp>(nextTileOp(op));
  if (!store || !store.isStore() || store.getLocal() != target)
    return {};
  const LocalCB &info = locals.find(target)->second;
  // A row vector is transposed on its way out; that copy stays.
  if (info.form == VectorForm::Row)
    return {};
  // One write into an empty CB of the global's dtype: the writer drains the
  // buffer's own CB already (canHandOff), with nothing to save.
  Type dtype = cast<MemRefType>(store.getGlobal().getType()).getElementType();
  if (dtype == info.dtype && !wasFull)
    return {};
  // The value goes to the writer only; the buffer's CB ends up empty, which
  // every enclosing loop must also have found it at its entry.
  if (!fusion::isDeadAfter(store, target))
    return {};
  for (const DenseMap<Value, Residency> &entry : loopEntries)
    if (entry.lookup(target) == Residency::Full)
      return {};
  return store;
}

int64_t KernelLowering::storeStagingCB(tl::CopyOp copy, Value local,
                                       const LocalCB &info) {
  Value global = copy.getGlobal();
  std::string name = tl::getBufferName(global);
  auto layout = layouts.getAs<tt::LayoutDescAttr>(name);
  if (!layout) {
    copy.emitOpError() << "expected a tt.layout_desc entry for '" << name
                       << "'";
    return -1;
  }
  Type dtype = cast<MemRefType>(global.getType()).getElementType();
  int64_t cb = stagingCB(local, info, dtype, layout.getPageSize(), name);
  if (cb < 0)
    copy.emitOpError() << "needs a staging circular buffer for '" << info.name
                       << "' but all 32 CB ids are in use";
  return cb;
}

tl::ParallelOp
KernelLowering::fusableReduceEpilogue(tl::ReduceOp reduce,
                                      std::unique_ptr<Expr> &expr) {
  auto next = dyn_cast_or_null<tl::ParallelOp>(nextTileOp(reduce));
  Value dst = reduce.getDst();
  if (!next || reduce.getKind() == tl::ReduceKind::Min)
    return {};
  std::optional<ParallelExpr> epilogue = matchSingleStore(next);
  if (!epilogue || epilogue->target != dst ||
      !epilogue->expr->readsOnceAtBase(dst) ||
      epilogue->expr->slotsNeeded() > dstBudget)
    return {};
  // Its other operands are read tile for tile beside the result.
  const LocalCB &result = locals.find(dst)->second;
  bool ok = true;
  epilogue->expr->forEachLeaf([&](const Expr &leaf) {
    if (leaf.buffer == dst)
      return;
    auto it = locals.find(leaf.buffer);
    ok &= it != locals.end() && !leaf.transposed &&
          leaf.bcast == Expr::Broadcast::None &&
          it->second.rowTiles == result.rowTiles &&
          it->second.colTiles == result.colTiles &&
          it->second.form == result.form &&
          (it->second.loaded ||
           residency.lookup(leaf.buffer) == Residency::Full);
  });
  if (!ok)
    return {};
  expr = std::move(epilogue->expr);
  return next;
}
