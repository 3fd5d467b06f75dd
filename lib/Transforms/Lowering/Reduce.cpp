//===- Reduce.cpp - tl.reduce to reduce_tile --------------------------------===//
//
// Row and column reductions (sum, max, and min as -max(-x)) with the ones
// scaler tile made by compute.
//
//===----------------------------------------------------------------------===//

#include "KernelLowering.h"

#include "llvm/ADT/Sequence.h"

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::lowering;

LogicalResult KernelLowering::lowerReduce(tl::ReduceOp reduce) {
  Value srcValue = reduce.getSrc(), dstValue = reduce.getDst();
  if (failed(checkReadable(reduce, srcValue)) ||
      failed(checkWritable(reduce, dstValue)))
    return failure();
  LocalCB &src = locals.find(srcValue)->second;
  LocalCB &dst = locals.find(dstValue)->second;
  if (src.form != VectorForm::None)
    return reduce.emitOpError()
           << "expected a 2-D source, but '" << src.name
           << "' is 1-D; reducing a vector to a scalar is not supported on "
              "Tenstorrent yet";
  // dim 1 reduces along a row: one value per row, REDUCE_ROW (column 0 of
  // each result tile); dim 0 one value per column, REDUCE_COL (row 0).
  bool alongRows = reduce.getDim() == 1;
  // Padding inside the reduced tiles enters the reduction. Zeros do no harm
  // to a sum, and a loaded buffer's padding is the host's zeros; anything
  // else would change the result.
  if ((alongRows ? src.paddedCols : src.paddedRows) &&
      !(src.loaded && reduce.getKind() == tl::ReduceKind::Sum))
    return reduce.emitOpError()
           << "reduces dim " << reduce.getDim() << " of '" << src.name
           << "', which is not a multiple of 32 elements; the tile padding "
              "would enter the reduction (only a sum of a buffer loaded "
              "straight from a global is exact), so use a block that is a "
              "multiple of 32 along the reduced dim";
  int64_t span = alongRows ? src.colTiles : src.rowTiles;
  int64_t stride = src.colTiles;
  bool accumulate = !reduce.getClear();
  bool wasFull = residency.lookup(dstValue) == Residency::Full;
  if (accumulate && !wasFull)
    return reduce.emitOpError()
           << "combines its result with '" << dst.name
           << "' (clear=False) before anything wrote it; fill it first";
  if (scalerCB < 0) {
    Type bf16 = BFloat16Type::get(func.getContext());
    scalerCB = appendCB(llvm::to_vector(llvm::concat<const int64_t>(
                            llvm::seq<int64_t>(24, 32), llvm::seq<int64_t>(0, 24))),
                        bf16, tt::getTileBytes(bf16), 1, "reduce_scaler");
    if (scalerCB < 0)
      return reduce.emitOpError() << "needs a circular buffer for the reduce "
                                     "scaler but all 32 CB ids are in use";
  }
  // reduce_tile has no MIN pool: min(x) = -max(-x), with -x in a CB of its
  // own and the result (and, with clear=False, the old value) negated in
  // place around the reduction.
  bool isMin = reduce.getKind() == tl::ReduceKind::Min;
  auto negated = [](Value buffer) {
    return Expr::negate(Expr::leafOf(buffer));
  };
  int64_t inCB = src.cb;
  if (isMin) {
    FailureOr<int64_t> id = scratchCB(reduce, src.name + "_negated", src);
    if (failed(id))
      return failure();
    inCB = *id;
    if (failed(emitElementwise(reduce, inCB, src, Value(), /*dropOld=*/false,
                               *negated(srcValue))))
      return failure();
    if (accumulate && failed(emitElementwise(reduce, dst.cb, dst, dstValue,
                                             /*dropOld=*/false,
                                             *negated(dstValue))))
      return failure();
  }
  // An element-wise op on the result right after the reduce runs on the
  // DST tiles before they are packed (Fusion.cpp): `slots` DST tiles a
  // result, the result in the first.
  std::unique_ptr<Expr> epilogue;
  tl::ParallelOp epilogueOp =
      isMin ? tl::ParallelOp() : fusableReduceEpilogue(reduce, epilogue);
  int64_t slots = epilogue ? epilogue->slotsNeeded() : 1;
  auto pool = reduce.getKind() == tl::ReduceKind::Sum ? tt::PoolType::Sum
                                                      : tt::PoolType::Max;
  auto dim = alongRows ? tt::ReduceDim::Row : tt::ReduceDim::Col;

  ImplicitLocOpBuilder b = threadBefore(reduce, KernelKind::Compute);
  Value scaler = i32(b, scalerCB), one = i32(b, 1), zero = i32(b, 0);
  Value in = i32(b, inCB), out = i32(b, dst.cb);
  // The scaler tile: ones, so sums and maxima come out unscaled.
  tt::CBReserveBackOp::create(b, scaler, one);
  tt::InitSfpuOp::create(b, scaler, scaler);
  dstSection(
      b, 1,
      [&](ImplicitLocOpBuilder &b) {
        tt::FillTileInitOp::create(b);
        tt::FillTileOp::create(b, zero, b.getF32FloatAttr(1.0f));
      },
      [&](ImplicitLocOpBuilder &b) {
        tt::PackTileOp::create(b, zero, scaler);
        tt::CBPushBackOp::create(b, scaler, one);
      });
  tt::CBWaitFrontOp::create(b, scaler, one);
  tt::CBWaitFrontOp::create(b, in, i32(b, src.numTiles()));
  SmallVector<Value> epilogueOperands;
  if (epilogue)
    epilogue->collectBuffers(epilogueOperands);
  for (Value operand : epilogueOperands)
    if (operand != dstValue) {
      const LocalCB &info = locals.find(operand)->second;
      tt::CBWaitFrontOp::create(b, i32(b, info.cb), i32(b, info.numTiles()));
    }

  int64_t n = largestDivisorAtMost(dst.numTiles(), dstBudget / slots);
  Value nTiles = i32(b, n);
  auto slotOf = [&](ImplicitLocOpBuilder &b, Value k) {
    return toI32(b, arith::MulIOp::create(b, k, idx(b, slots)));
  };
  forLoop(b, dst.numTiles() / n, [&](ImplicitLocOpBuilder &b, Value sb) {
    if (wasFull)
      tt::CBWaitFrontOp::create(b, out, nTiles);
    if (wasFull && !accumulate)
      tt::CBPopFrontOp::create(b, out, nTiles);
    dstSection(
        b, n * slots,
        [&](ImplicitLocOpBuilder &b) {
          if (accumulate) {
            // Reduce into the old values: sums add to them, maxima compare.
            tt::CopyTileInitOp::create(b, out);
            forLoop(b, n, [&](ImplicitLocOpBuilder &b, Value k) {
              tt::CopyTileOp::create(b, out, toI32(b, k), slotOf(b, k));
            });
            tt::CBPopFrontOp::create(b, out, nTiles);
          }
          tt::ReduceInitOp::create(b, in, scaler, out, pool, dim);
          Value first = arith::MulIOp::create(b, sb, idx(b, n));
          forLoop(b, n, [&](ImplicitLocOpBuilder &b, Value k) {
            Value t = arith::AddIOp::create(b, first, k);
            forLoop(b, span, [&](ImplicitLocOpBuilder &b, Value r) {
              // Source tile (t, r) when reducing along rows, (r, t) otherwise.
              Value row = alongRows ? t : r, col = alongRows ? r : t;
              Value tile = arith::AddIOp::create(
                  b, arith::MulIOp::create(b, row, idx(b, stride)), col);
              tt::ReduceTileOp::create(b, in, scaler, toI32(b, tile), zero,
                                       slotOf(b, k), pool, dim);
            });
          });
          tt::ReduceUninitOp::create(b);
          if (epilogue)
            forLoop(b, n, [&](ImplicitLocOpBuilder &b, Value k) {
              Value t = arith::AddIOp::create(b, first, k);
              emitExpr(
                  b, *epilogue, slotOf(b, k), fp32Dst,
                  [&](ImplicitLocOpBuilder &b, const Expr &leaf, Value slot) {
                    // The result is already in its slot (readsOnceAtBase).
                    if (leaf.buffer == dstValue)
                      return;
                    Value cb = i32(b, locals.find(leaf.buffer)->second.cb);
                    tt::CopyTileInitOp::create(b, cb);
                    tt::CopyTileOp::create(b, cb, toI32(b, t), slot);
                  });
            });
        },
        [&](ImplicitLocOpBuilder &b) {
          tt::CBReserveBackOp::create(b, out, nTiles);
          forLoop(b, n, [&](ImplicitLocOpBuilder &b, Value k) {
            tt::PackTileOp::create(b, slotOf(b, k), out);
          });
          tt::CBPushBackOp::create(b, out, nTiles);
        });
  });
  tt::CBPopFrontOp::create(b, scaler, one);
  if (epilogueOp)
    fusedAway.insert(epilogueOp);
  if (isMin) {
    tt::CBPopFrontOp::create(b, in, i32(b, src.numTiles()));
    residency[dstValue] = Residency::Full;
    if (failed(emitElementwise(reduce, dst.cb, dst, dstValue,
                               /*dropOld=*/false, *negated(dstValue))))
      return failure();
  }
  noteWrite(reduce, dstValue);
  reduce.erase();
  return success();
}
