//===- Matmul.cpp - tl.gemm to matmul_tiles ---------------------------------===//
//
// C += op(A) * op(B) per DST sub-block of C; transpose_B in matmul_tiles,
// transpose_A by a transposed copy of A.
//
//===----------------------------------------------------------------------===//

#include "KernelLowering.h"

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::lowering;

LogicalResult KernelLowering::lowerGemm(tl::GemmOp gemm) {
  Value cValue = gemm.getC();
  if (failed(checkWritable(gemm, cValue)) ||
      failed(checkReadable(gemm, gemm.getA())) ||
      failed(checkReadable(gemm, gemm.getB())))
    return failure();
  if (cValue == gemm.getA() || cValue == gemm.getB())
    return gemm.emitOpError() << "expected C to differ from A and B";
  LocalCB &a = locals.find(gemm.getA())->second;
  LocalCB &b = locals.find(gemm.getB())->second;
  LocalCB &c = locals.find(cValue)->second;
  bool transA = gemm.getTransposeA(), transB = gemm.getTransposeB();
  // matmul_tiles has no transpose of A: op(A) = A^T is made first, tile
  // (m, k) of A^T being transpose_wh of tile (k, m) of A, in a CB of its own.
  int64_t aRows = transA ? a.colTiles : a.rowTiles,
          kTiles = transA ? a.rowTiles : a.colTiles;
  int64_t bK = transB ? b.colTiles : b.rowTiles,
          bN = transB ? b.rowTiles : b.colTiles;
  if (aRows != c.rowTiles || bN != c.colTiles || bK != kTiles)
    return gemm.emitOpError()
           << "expected tile shapes MxK * KxN -> MxN but got " << aRows << "x"
           << kTiles << " * " << bK << "x" << bN << " -> " << c.rowTiles << "x"
           << c.colTiles;
  int64_t aOperandCB = a.cb;
  if (transA) {
    FailureOr<int64_t> id = scratchCB(gemm, a.name + "_transposed", a);
    if (failed(id))
      return failure();
    aOperandCB = *id;
    // A^T tile t = (m, kt) is the transpose of A tile (kt, m).
    emitCBCopy(gemm, a.cb, aOperandCB, a.numTiles(), /*popSrc=*/false,
               /*dropOld=*/false, /*transpose=*/true,
               [&](ImplicitLocOpBuilder &b, Value t) -> Value {
                 Value m = arith::DivSIOp::create(b, t, idx(b, kTiles));
                 Value kt = arith::RemSIOp::create(b, t, idx(b, kTiles));
                 return arith::AddIOp::create(
                     b, arith::MulIOp::create(b, kt, idx(b, a.colTiles)), m);
               });
  }
  if (gemm.getClearAccum()) {
    // Zero C first, then accumulate as usual: DST contents after acquire
    // are not something a kernel may rely on.
    Expr zero;
    zero.kind = Expr::Kind::Const;
    if (failed(emitElementwise(gemm, c.cb, c, Value(),
                               residency.lookup(cValue) == Residency::Full,
                               zero)))
      return failure();
    noteWrite(gemm, cValue);
  }
  if (residency.lookup(cValue) != Residency::Full)
    return gemm.emitOpError() << "accumulates into '" << c.name
                              << "' before it was written; clear it first or "
                                 "set clear_accum";

  int64_t n = largestDivisorAtMost(c.numTiles(), dstBudget);
  ImplicitLocOpBuilder bld = threadBefore(gemm, KernelKind::Compute);
  Value aCB = i32(bld, aOperandCB), bCB = i32(bld, b.cb),
        cCB = i32(bld, c.cb), nTiles = i32(bld, n);
  tt::CBWaitFrontOp::create(bld, aCB, i32(bld, a.numTiles()));
  tt::CBWaitFrontOp::create(bld, bCB, i32(bld, b.numTiles()));
  // Partial sums stay in L1 and the packer adds each sub-block's DST to
  // them (packer L1 accumulation, which Wormhole and Blackhole both have),
  // instead of the unpacker copying them back into DST first: when C's CB
  // holds exactly C's tiles it is full while C is resident, so the n pages
  // a sub-block pops from the front are the n pages it reserves at the back
  // next, partial sums still in them. DST starts each sub-block at +0.0 (the
  // packer clears a section when it releases it). Saves a copy_tile and its
  // unpack per tile of C per K step, and the mm_init after them. A CB with
  // more pages (C staged for a pipelined loop) rotates through other pages,
  // so it reloads.
  bool l1Accumulate = c.numPages == c.numTiles();
  //
  // A zero-start gemm's first iteration has no partial sums: C is zero and
  // not yet in its CB, so it skips the reload (or packs without
  // accumulating), which gives the same +0.0 + DST.
  Value partials;
  if (zeroStartGemms.contains(gemm)) {
    auto loop = cast<scf::ForOp>(gemm->getParentOp());
    partials = arith::CmpIOp::create(bld, arith::CmpIPredicate::ne,
                                     loop.getInductionVar(),
                                     loop.getLowerBound());
  }
  Value l1AccEnable;
  if (l1Accumulate) {
    l1AccEnable = partials ? Value(arith::ExtUIOp::create(
                                 bld, bld.getI32Type(), partials))
                           : i32(bld, 1);
    tt::MmInitOp::create(bld, aCB, bCB, cCB, transB);
  }
  forLoop(bld, c.numTiles() / n, [&](ImplicitLocOpBuilder &bld, Value sb) {
    dstSection(
        bld, n,
        [&](ImplicitLocOpBuilder &bld) {
          // Takes this sub-block's partial sums from the front of C's CB: into
          // DST (reload), or, with L1 accumulation, only hands the pages on.
          auto takePartials = [&](ImplicitLocOpBuilder &bld) {
            if (!l1Accumulate)
              tt::CopyTileInitOp::create(bld, cCB);
            tt::CBWaitFrontOp::create(bld, cCB, nTiles);
            if (!l1Accumulate)
              forLoop(bld, n, [&](ImplicitLocOpBuilder &bld, Value k) {
                Value t = toI32(bld, k);
                tt::CopyTileOp::create(bld, cCB, t, t);
              });
            tt::CBPopFrontOp::create(bld, cCB, nTiles);
          };
          if (partials) {
            auto branch =
                scf::IfOp::create(bld, partials, /*withElseRegion=*/false);
            ImplicitLocOpBuilder inner =
                ImplicitLocOpBuilder::atBlockTerminator(bld.getLoc(),
                                                        branch.thenBlock());
            takePartials(inner);
          } else {
            takePartials(bld);
          }
          if (!l1Accumulate)
            tt::MmInitOp::create(bld, aCB, bCB, cCB, transB);
          Value first = arith::MulIOp::create(bld, sb, idx(bld, n));
          forLoop(bld, n, [&](ImplicitLocOpBuilder &bld, Value k) {
            Value t = arith::AddIOp::create(bld, first, k);
            Value m = arith::DivSIOp::create(bld, t, idx(bld, c.colTiles));
            Value j = arith::RemSIOp::create(bld, t, idx(bld, c.colTiles));
            forLoop(bld, kTiles, [&](ImplicitLocOpBuilder &bld, Value kt) {
              Value aTile = arith::AddIOp::create(
                  bld, arith::MulIOp::create(bld, m, idx(bld, kTiles)), kt);
              Value bTile =
                  transB
                      ? arith::AddIOp::create(
                            bld,
                            arith::MulIOp::create(bld, j, idx(bld, kTiles)), kt)
                      : arith::AddIOp::create(
                            bld, arith::MulIOp::create(bld, kt, idx(bld, bN)),
                            j);
              tt::MatmulTilesOp::create(bld, aCB, bCB, toI32(bld, aTile),
                                        toI32(bld, bTile), toI32(bld, k),
                                        transB);
            });
          });
        },
        [&](ImplicitLocOpBuilder &bld) {
          tt::CBReserveBackOp::create(bld, cCB, nTiles);
          if (l1Accumulate)
            tt::PackReconfigL1AccOp::create(bld, l1AccEnable);
          forLoop(bld, n, [&](ImplicitLocOpBuilder &bld, Value k) {
            tt::PackTileOp::create(bld, toI32(bld, k), cCB);
          });
          // Every other pack overwrites.
          if (l1Accumulate)
            tt::PackReconfigL1AccOp::create(bld, i32(bld, 0));
          tt::CBPushBackOp::create(bld, cCB, nTiles);
        });
  });
  if (transA) // A^T lives for this gemm only.
    tt::CBPopFrontOp::create(bld, aCB, i32(bld, a.numTiles()));
  noteWrite(gemm, cValue);
  gemm.erase();
  return success();
}
