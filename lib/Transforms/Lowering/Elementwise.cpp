//===- Elementwise.cpp - T.Parallel, fills and local copies -----------------===//
//
// Element-wise compute on DST sub-blocks: tl.parallel bodies (through
// ComputeExpr), tl.fill / tl.clear and local-to-local tl.copy.
//
//===----------------------------------------------------------------------===//

#include "KernelLowering.h"

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::lowering;

//===----------------------------------------------------------------------===//
// Compute
//===----------------------------------------------------------------------===//

LogicalResult KernelLowering::emitElementwise(Operation *op, int64_t outCB,
                                              const LocalCB &result,
                                              Value inPlace, bool dropOld,
                                              const Expr &expr,
                                              int64_t oldCB) {
  int64_t outTiles = result.numTiles();
  if (oldCB < 0)
    oldCB = outCB;
  SmallVector<Value> operands;
  expr.collectBuffers(operands);
  SmallVector<LocalCB *> infos;
  for (Value operand : operands) {
    if (failed(checkReadable(op, operand)))
      return failure();
    infos.push_back(&locals.find(operand)->second);
  }
  // Every leaf must cover the output tile for tile: a whole buffer of the
  // same geometry, or a vector along the broadcast dimension.
  LogicalResult shapes = success();
  expr.forEachLeaf([&](const Expr &leaf) {
    const LocalCB &info = locals.find(leaf.buffer)->second;
    if (failed(shapes))
      return;
    bool ok =
        leaf.transposed ? info.rowTiles == result.colTiles &&
                              info.colTiles == result.rowTiles
        : leaf.bcast == Expr::Broadcast::Col
            ? info.form == VectorForm::Col && info.rowTiles == result.rowTiles
        : leaf.bcast == Expr::Broadcast::Row
            ? info.form == VectorForm::Row && info.colTiles == result.colTiles
        : leaf.bcast == Expr::Broadcast::Scalar
            ? info.numTiles() == 1
            : info.numTiles() == outTiles &&
                  (info.form == result.form || info.form == VectorForm::None ||
                   result.form == VectorForm::None);
    if (!ok)
      shapes = op->emitOpError()
               << "expected '" << info.name << "' (" << info.rowTiles << "x"
               << info.colTiles << " tiles) to match the " << result.rowTiles
               << "x" << result.colTiles << " tiles of the result";
  });
  if (failed(shapes))
    return failure();
  int64_t slots = expr.slotsNeeded();
  if (slots > dstBudget)
    return op->emitOpError() << "needs " << slots
                             << " DST tiles per tile but the DST budget is "
                             << dstBudget << "; split the expression";
  int64_t n = largestDivisorAtMost(outTiles, dstBudget / slots);

  ImplicitLocOpBuilder b = threadBefore(op, KernelKind::Compute);
  Value out = i32(b, outCB), old = i32(b, oldCB), nTiles = i32(b, n);
  tt::InitSfpuOp::create(b, infos.empty() ? out : i32(b, infos.front()->cb),
                         out);
  // Read-only operands are waited for as a whole and read by tile index,
  // except loaded ones read tile for tile (a plain leaf of the same
  // geometry): those are waited for one sub-block at a time, so that
  // compute starts on the tiles that have landed while the reader brings
  // the rest (it pushes them in chunks, DataMovement.cpp).
  llvm::SmallDenseSet<LocalCB *> streamed;
  for (LocalCB *info : infos)
    if (info->loaded)
      streamed.insert(info);
  expr.forEachLeaf([&](const Expr &leaf) {
    if (leaf.transposed || leaf.bcast != Expr::Broadcast::None)
      streamed.erase(&locals.find(leaf.buffer)->second);
  });
  for (LocalCB *info : infos)
    if ((!inPlace || &locals.find(inPlace)->second != info) &&
        !streamed.contains(info))
      tt::CBWaitFrontOp::create(b, i32(b, info->cb), i32(b, info->numTiles()));
  forLoop(b, outTiles / n, [&](ImplicitLocOpBuilder &b, Value sb) {
    if (!streamed.empty()) {
      Value landed = toI32(
          b, arith::MulIOp::create(b, arith::AddIOp::create(b, sb, idx(b, 1)),
                                   idx(b, n)));
      for (LocalCB *info : infos)
        if (streamed.contains(info))
          tt::CBWaitFrontOp::create(b, i32(b, info->cb), landed);
    }
    if (dropOld) {
      tt::CBWaitFrontOp::create(b, old, nTiles);
      tt::CBPopFrontOp::create(b, old, nTiles);
    }
    if (inPlace)
      tt::CBWaitFrontOp::create(b, old, nTiles);
    dstSection(
        b, n * slots,
        [&](ImplicitLocOpBuilder &b) {
          Value first = arith::MulIOp::create(b, sb, idx(b, n));
          forLoop(b, n, [&](ImplicitLocOpBuilder &b, Value k) {
            Value slot = toI32(b, arith::MulIOp::create(b, k, idx(b, slots)));
            emitExpr(
                b, expr, slot, fp32Dst,
                [&](ImplicitLocOpBuilder &b, const Expr &leaf, Value dst) {
                  Value cb = i32(b, locals.find(leaf.buffer)->second.cb);
                  Value t = arith::AddIOp::create(b, first, k);
                  if (leaf.transposed) {
                    // Output tile (m, n) is the transpose of tile (n, m).
                    Value cols = idx(b, result.colTiles);
                    Value m = arith::DivSIOp::create(b, t, cols);
                    Value n = arith::RemSIOp::create(b, t, cols);
                    Value from = arith::AddIOp::create(
                        b,
                        arith::MulIOp::create(
                            b, n,
                            idx(b, locals.find(leaf.buffer)->second.colTiles)),
                        m);
                    tt::TransposeWHInitOp::create(b, cb, out);
                    tt::TransposeWHTileOp::create(b, cb, toI32(b, from), dst);
                    return;
                  }
                  if (leaf.bcast == Expr::Broadcast::Scalar) {
                    // Its one element sits at (0, 0) of its only tile.
                    auto type = tt::BroadcastType::Scalar;
                    tt::UnaryBcastInitOp::create(b, cb, out, type);
                    tt::UnaryBcastOp::create(b, cb, i32(b, 0), dst, type);
                    return;
                  }
                  if (leaf.bcast != Expr::Broadcast::None) {
                    // Output tile t is (t / cols, t % cols); a column vector
                    // follows its tile row, a row vector its tile column.
                    bool col = leaf.bcast == Expr::Broadcast::Col;
                    Value cols = idx(b, result.colTiles);
                    Value tile =
                        col ? Value(arith::DivSIOp::create(b, t, cols))
                            : Value(arith::RemSIOp::create(b, t, cols));
                    auto type =
                        col ? tt::BroadcastType::Col : tt::BroadcastType::Row;
                    tt::UnaryBcastInitOp::create(b, cb, out, type);
                    tt::UnaryBcastOp::create(b, cb, toI32(b, tile), dst, type);
                    return;
                  }
                  // The in-place buffer's sub-block is at the front of its
                  // CB; other operands are read at their absolute index.
                  Value tile = leaf.buffer == inPlace ? k : t;
                  tt::CopyTileInitOp::create(b, cb);
                  tt::CopyTileOp::create(b, cb, toI32(b, tile), dst);
                });
          });
          if (inPlace)
            tt::CBPopFrontOp::create(b, old, nTiles);
        },
        [&](ImplicitLocOpBuilder &b) {
          tt::CBReserveBackOp::create(b, out, nTiles);
          forLoop(b, n, [&](ImplicitLocOpBuilder &b, Value k) {
            tt::PackTileOp::create(
                b, toI32(b, arith::MulIOp::create(b, k, idx(b, slots))), out);
          });
          tt::CBPushBackOp::create(b, out, nTiles);
        });
  });
  return success();
}

LogicalResult KernelLowering::lowerFill(Operation *op, Value buffer,
                                        double value) {
  if (failed(checkWritable(op, buffer)))
    return failure();
  LocalCB &info = locals.find(buffer)->second;
  Expr expr;
  expr.kind = Expr::Kind::Const;
  expr.value = value;
  bool wasFull = residency.lookup(buffer) == Residency::Full;
  // A zero the next loop's gemm accumulates onto need not be packed and
  // reloaded: that gemm starts its first step from the DST the packer
  // cleared (Matmul.cpp). The CB stays empty until that step packs C.
  if (value == 0.0 && !wasFull) {
    if (tl::GemmOp gemm = findZeroStartGemm(op, buffer)) {
      zeroStartGemms.insert(gemm);
      noteWrite(op, buffer);
      op->erase();
      return success();
    }
  }
  if (failed(emitElementwise(op, info.cb, info, Value(), wasFull, expr)))
    return failure();
  noteWrite(op, buffer);
  op->erase();
  return success();
}

tl::GemmOp KernelLowering::findZeroStartGemm(Operation *fill, Value buffer) {
  auto uses = [&](Operation *op) {
    bool found = false;
    op->walk([&](Operation *inner) {
      found |= llvm::is_contained(inner->getOperands(), buffer);
    });
    return found;
  };
  // The first later op of the block that touches the buffer must be a loop
  // of at least one iteration whose only use of it is one accumulating gemm
  // directly in its body.
  for (Operation *op = fill->getNextNode(); op; op = op->getNextNode()) {
    if (!uses(op))
      continue;
    auto loop = dyn_cast<scf::ForOp>(op);
    std::optional<APInt> trips = loop ? loop.getStaticTripCount() : std::nullopt;
    if (!trips || trips->isZero())
      return {};
    tl::GemmOp gemm;
    for (Operation &inner : loop.getBody()->without_terminator()) {
      if (!uses(&inner))
        continue;
      auto g = dyn_cast<tl::GemmOp>(inner);
      if (gemm || !g || g.getC() != buffer || g.getClearAccum() ||
          g.getA() == buffer || g.getB() == buffer)
        return {};
      gemm = g;
    }
    return gemm;
  }
  return {};
}

LogicalResult KernelLowering::lowerParallel(tl::ParallelOp op) {
  FailureOr<SmallVector<ParallelExpr>> parallel = matchParallel(op);
  if (failed(parallel))
    return failure();
  // Fusion (KernelLowering.h) takes single-store bodies: one whole-buffer
  // value that an earlier op may have deferred to, and that may be deferred
  // to the next op or packed straight into the next store's CB.
  bool single = parallel->size() == 1;
  for (ParallelExpr &store : *parallel) {
    Value target = store.target;
    if (failed(checkWritable(op, target)))
      return failure();
    if (single)
      takeDeferred(op, store.expr);
    bool wasFull = residency.lookup(target) == Residency::Full;
    if (single && deferToConsumer(op, target, wasFull, store.expr)) {
      op.erase();
      return success();
    }
    if (failed(emitResult(op, target, wasFull, *store.expr, single)))
      return failure();
  }
  op.erase();
  return success();
}

LogicalResult KernelLowering::emitResult(Operation *op, Value target,
                                         bool wasFull, const Expr &expr,
                                         bool mayFuseStore) {
  SmallVector<Value> operands;
  expr.collectBuffers(operands);
  bool reloads = llvm::is_contained(operands, target);
  LocalCB &info = locals.find(target)->second;
  tl::CopyOp store = mayFuseStore ? fusableStore(op, target, wasFull)
                                  : tl::CopyOp();
  int64_t outCB = info.cb;
  if (store && (outCB = storeStagingCB(store, target, info)) < 0)
    return failure();
  if (failed(emitElementwise(op, outCB, info, reloads ? target : Value(),
                             !reloads && wasFull, expr, info.cb)))
    return failure();
  if (!store) {
    noteWrite(op, target);
    return success();
  }
  // The tiles went to the writer: the buffer's CB is empty (its old value,
  // if any, was popped as the new one was computed).
  fusedStores[store] = outCB;
  residency[target] = Residency::Empty;
  freshIn.erase(target);
  return success();
}

LogicalResult KernelLowering::lowerLocalCopy(tl::CopyOp copy) {
  Value src = copy.getSrc(), dst = copy.getDst();
  if (failed(checkWritable(copy, dst)))
    return failure();
  std::unique_ptr<Expr> leaf = Expr::leafOf(src);
  LocalCB &info = locals.find(dst)->second;
  bool wasFull = residency.lookup(dst) == Residency::Full;
  if (src == dst) {
    copy.erase();
    return success();
  }
  const LocalCB &from = locals.find(src)->second;
  if (from.form != VectorForm::None && info.form != VectorForm::None &&
      from.form != info.form) {
    if (failed(checkReadable(copy, src)))
      return failure();
    emitCBCopy(copy, from.cb, info.cb, info.numTiles(),
               /*popSrc=*/false, wasFull, /*transpose=*/true);
    noteWrite(copy, dst);
  } else {
    bool sameTiles =
        from.rowTiles == info.rowTiles && from.colTiles == info.colTiles;
    if (!(sameTiles && deferToConsumer(copy, dst, wasFull, leaf)) &&
        failed(emitResult(copy, dst, wasFull, *leaf, /*mayFuseStore=*/true)))
      return failure();
  }
  copy.erase();
  return success();
}
