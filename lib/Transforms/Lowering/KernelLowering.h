//===- KernelLowering.h - One kernel's tile-op lowering ------*- C++ -*-===//
//
// Rewrites the tile operations of each `tl.kernel` body into `tt.thread`
// regions of TT-Metalium kernel calls, in place in the body's control flow.
//
// The execution model, precisely (the emulator runs exactly this):
//
// * Every block-local buffer X is a circular buffer (CB) with the id of its
//   `tt.cb_desc` entry; X has T(X) = rows/32 * cols/32 tiles, numbered
//   row-major.
// * A load `tl.copy G[o...] to X` is a reader thread: cb_reserve_back(X, T),
//   one noc_async_read_tile per tile into get_write_ptr(X) + i * page,
//   noc_async_read_barrier, cb_push_back(X, T). Tile (m, n) of X is global
//   tile ((lead * Rt + o[-2]/32 + m) * Ct + o[-1]/32 + n), where Rt x Ct is
//   the tile grid of G's padded shape and lead the row-major linear index of
//   the leading offsets (leading dims outermost).
// * A loaded buffer is consumed in FIFO order: every compute op that reads
//   it first does cb_wait_front(X, T) (idempotent) and reads tiles by their
//   index; after the last consumer in the block that holds the load the
//   compute thread does cb_pop_front(X, T). If the only consumer is a store
//   of the same dtype, the writer reads the CB directly and pops it instead.
// * A buffer that is not loaded ("compute-resident": fragments, shared
//   buffers written by compute) keeps its current value in its own CB, all
//   T tiles in order at the front. An op that updates it visits its tiles in
//   DST sub-blocks of n tiles (n divides T, n * slots <= the DST budget: 8
//   tiles, 4 with fp32 DST accumulation, which is on whenever a local buffer
//   is f32): tile_regs_acquire; reload the n tiles (cb_wait_front(X, n),
//   copy_tile(X, i, slot), cb_pop_front(X, n)) unless the op overwrites
//   them (then the old n tiles are just popped); compute into DST;
//   tile_regs_commit/wait; cb_reserve_back(X, n); pack_tile(slot, X);
//   cb_push_back(X, n); tile_regs_release. Since every op visits all tiles
//   in order, the FIFO stays in tile order. Before the first write the CB is
//   empty. The writer of a store waits for all T tiles at the front of the
//   CB it drains, so it must not see a CB that compute fills more than once:
//   a store hands the buffer's own CB to the writer (which pops it: empty
//   again) only when the dtypes match, exactly one op wrote the value since
//   the CB was empty, that op is in the store's block, and nothing later in
//   the block reads the buffer. Otherwise (an accumulator updated per K
//   step, a value still used after the store, a dtype conversion) compute
//   copies the value into a staging CB of the global's dtype (appended to
//   tt.cb_desc) for the writer, and the value stays resident.
//   Values still resident at the end of the body are drained by compute.
// * A load that a row (column) of cores shares (Multicast.h: its tiles do
//   not depend on bx (by) and the work partition runs the row in lock step)
//   is read from DRAM by the row's first core only, which multicasts the
//   reserved CB pages to the others at the same L1 address: every core of
//   the row reserves and pushes that CB in the same order, so its write
//   pointer is the same on all of them. Semaphores order the handoff
//   (#tt.mcast_group, Lowering/Multicast.cpp).
// * tl.gemm C += A * B: per C sub-block, reload C, mm_init(A, B, C), then
//   for each tile (m, n) of the sub-block and each kt: matmul_tiles(A, B,
//   m * Kt + kt, kt * Nt + n, slot) (transpose_b: B tile n * Kt + kt with
//   in-tile transpose). clear_accum is a clear of C first.
// * tl.parallel: the body as an expression tree (Lowering/ComputeExpr.h)
//   evaluated per tile with SFPU ops, each tile in its own run of DST slots.
//   A 1-D operand read with one index of a 2-D body is unpacked with
//   unary_bcast (COL for v[i], ROW for v[j]).
// * 1-D buffers are vectors of tiles. A global or loaded 1-D buffer is a
//   column vector (element i at row i % 32, column 0 of tile i / 32), and so
//   is a row reduction's result (REDUCE_ROW leaves column 0); a column
//   reduction's result, or a vector read as v[j], is a row vector (row 0).
//   Each 1-D local has one form for its whole life (an error names the two
//   uses otherwise); transfers between a row vector and a 1-D global go
//   through transpose_wh_tile in compute.
// * tl.reduce of a 2-D buffer along dim 1 (0): per result tile, reduce_tile
//   REDUCE_ROW (REDUCE_COL) over the source tiles of its tile row (column)
//   into one DST slot, with a scaler tile of ones made once per reduce; with
//   clear = false the old result is reloaded first and combined.
//
// Fusion: ops on the same tiles share DST instead of round-tripping through
// a CB, wherever the intermediate value is not needed by anything else
// (FusionAnalysis.h gives the liveness; Lowering/Fusion.cpp decides):
//
// * A local copy S -> X of the same type whose value X only readers see
//   until X is next written (while S is not) is removed before lowering;
//   its readers read S (copy forwarding). The op that next writes X reads
//   S's tiles directly, e.g. a load's CB as the reader streams it in.
// * An element-wise op (single-store tl.parallel, local copy) whose result
//   only the next element-wise op reads, tile for tile, is not emitted: its
//   expression replaces that op's leaves, so the chain is evaluated per
//   tile in DST and packed once at its end. Allowed when the next op
//   overwrites the buffer, or the buffer had no value before and is dead
//   after; and when the combined expression fits the DST budget.
// * An element-wise op whose result is stored right after (and then dead)
//   packs straight into the store's staging CB, instead of into its own CB
//   followed by a copy for the writer.
// * An element-wise op on a reduce's result right after the reduce (the
//   result read once, as the expression's first operand) runs on the
//   reduce's DST tiles before they are packed.
// * The `*_init` calls are then hoisted out of loops and repeats dropped
//   (the tt-hoist-compute-inits pass, HoistComputeInits.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef TILETT_LIB_TRANSFORMS_LOWERING_KERNELLOWERING_H
#define TILETT_LIB_TRANSFORMS_LOWERING_KERNELLOWERING_H

#include "ComputeExpr.h"

#include "tilett/Dialect/TT/IR/TTDialect.h"
#include "tilett/Transforms/KernelAnalysis.h"
#include "tilett/Dialect/TT/IR/TTOps.h"
#include "tilett/Transforms/ComputeConfig.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringMap.h"

#include <map>

namespace mlir::tilett::lowering {

using tt::KernelKind;

/// Tiles a streamed load or store hands over at a time: one DST sub-block's
/// worth, so compute can start on the first while the rest are in flight.
constexpr int64_t kChunkTiles = 8;

/// Whether a compute-resident buffer currently holds a value in its CB.
enum class Residency { Empty, Full };

/// How a 1-D block-local buffer sits in its tiles (see the file comment).
enum class VectorForm { None, Col, Row };

struct LocalCB {
  std::string name;
  int64_t cb = -1;
  int64_t pageSize = 0;
  /// The CB's capacity: numTiles() times the buffer's pipeline stages.
  int64_t numPages = 0;
  Type dtype;
  int64_t rowTiles = 0, colTiles = 0;
  /// Filled by a tl.copy load: the reader owns the back of its CB.
  bool loaded = false;
  VectorForm form = VectorForm::None;
  /// Whether the logical rows (columns) stop short of the last tile: the
  /// buffer is padded there (IR_CONTRACTS.md, "Input").
  bool paddedRows = false, paddedCols = false;
  int64_t numTiles() const { return rowTiles * colTiles; }
};


/// The compute-config choices of the pipeline options (ComputeConfig.h);
/// a kernel function's own tt.compute_config entries override them.
struct ComputeChoice {
  std::string mathFidelity = kDefaultMathFidelity.str();
  bool mathApprox = false;
};

/// Lowers the tile ops of one kernel function.
class KernelLowering {
public:
  KernelLowering(func::FuncOp func, tl::KernelOp kernel,
                 ComputeChoice choice = {})
      : func(func), kernel(kernel), choice(std::move(choice)) {}

  LogicalResult run();

private:
  LogicalResult collect();
  /// Writes tt.compute_config: the dtypes' DST format, the user's or the
  /// options' fidelity and approximate mode.
  LogicalResult recordComputeConfig(bool fp32DestAcc);
  void convertPipelined();
  LogicalResult lowerBlock(Block &block);
  LogicalResult lowerOp(Operation *op);
  LogicalResult lowerLoad(tl::CopyOp copy);
  LogicalResult lowerStore(tl::CopyOp copy);
  LogicalResult lowerGemm(tl::GemmOp gemm);
  LogicalResult lowerFill(Operation *op, Value buffer, double value);
  /// The gemm that a zero fill of `buffer` can be left to (see
  /// zeroStartGemms), or null.
  tl::GemmOp findZeroStartGemm(Operation *fill, Value buffer);
  LogicalResult lowerParallel(tl::ParallelOp op);
  LogicalResult lowerLocalCopy(tl::CopyOp copy);
  LogicalResult lowerReduce(tl::ReduceOp reduce);
  /// Gives each 1-D local its vector form from the ops that use it.
  LogicalResult assignVectorForms();

  /// Emits a compute thread before `op` that evaluates `expr` per tile into
  /// the CB `outCB` of `outTiles` tiles (see the file comment). `inPlace` is
  /// the compute-resident buffer whose CB is `outCB` when the expression
  /// reads it; `dropOld` pops the old value of `outCB` instead.
  /// `result` gives the tile geometry of the result.
  /// `oldCB` (default: `outCB`) is the CB holding the old value that
  /// `inPlace` reads or `dropOld` drops, when the result goes elsewhere (a
  /// store's staging CB, see fusableStore).
  LogicalResult emitElementwise(Operation *op, int64_t outCB,
                                const LocalCB &result, Value inPlace,
                                bool dropOld, const Expr &expr,
                                int64_t oldCB = -1);

  /// Emits `target = expr` for the element-wise op `op` and records the
  /// write; with `mayFuseStore`, into the next store's staging CB when
  /// fusableStore allows (the buffer's CB is then left empty).
  LogicalResult emitResult(Operation *op, Value target, bool wasFull,
                           const Expr &expr, bool mayFuseStore);

  //===--- Fusion (Lowering/Fusion.cpp) ----------------------------------===//

  /// Whether the element-wise op `op` writing `target` (whose old value it
  /// reads when `reloads`; `wasFull` says whether there is one) may hand
  /// its expression to the next op instead of packing it (see the file
  /// comment, "Fusion"); if so, records it for that op and returns true.
  bool deferToConsumer(Operation *op, Value target, bool wasFull,
                       std::unique_ptr<Expr> &expr);
  /// Puts the expression an earlier op deferred to `op` in place of the
  /// leaves that read its buffer.
  void takeDeferred(Operation *op, std::unique_ptr<Expr> &expr);
  /// The store right after `op` that may take the tiles `op` computes for
  /// `target` straight into its staging CB, or null.
  tl::CopyOp fusableStore(Operation *op, Value target, bool wasFull);
  /// The staging CB of the store `copy` for `local`; -1 after an error.
  int64_t storeStagingCB(tl::CopyOp copy, Value local, const LocalCB &info);
  /// The element-wise op right after `reduce` that may run on its results
  /// in DST before they are packed, with its expression, or null.
  tl::ParallelOp fusableReduceEpilogue(tl::ReduceOp reduce,
                                       std::unique_ptr<Expr> &expr);
  /// Emits a compute thread before `op` that copies (with `transpose`:
  /// transposes, making a row vector of a column vector or back) the
  /// `tiles` tiles at the front of `srcCB` into `dstCB`; pops `srcCB` after
  /// when `popSrc`, and pops the old value of `dstCB` first when `dropOld`.
  /// Output tile t comes from source tile `sourceTile(t)` (default: t).
  void emitCBCopy(
      Operation *op, int64_t srcCB, int64_t dstCB, int64_t tiles, bool popSrc,
      bool dropOld, bool transpose,
      function_ref<Value(ImplicitLocOpBuilder &, Value)> sourceTile = {});
  /// Emits `cb_wait_front(cb, n); cb_pop_front(cb, n)` in a compute thread
  /// at the builder's insertion point.
  void emitDrain(OpBuilder &builder, Location loc, const LocalCB &buffer);
  /// Emits the DM thread of a load or store.
  LogicalResult emitTransfer(tl::CopyOp copy, KernelKind kind, int64_t cb,
                             int64_t cbPageSize);
  /// Whether the transfer `copy` moves its tiles in chunks of kChunkTiles
  /// (see emitTransfer).
  bool streams(tl::CopyOp copy) const;
  /// Finds the loads a row or column of cores shares under the work
  /// partition (Multicast.h) and gives each a #tt.mcast_group.
  void collectMulticast();

  /// Emits the reader's side of an element load (tl::CopyOp::isElementLoad):
  /// the tile holding the element into `cb`, the element moved to its first
  /// position (see DataMovement.cpp).
  LogicalResult emitElementRead(ImplicitLocOpBuilder &b, int64_t cb,
                                tt::LayoutDescAttr layout, Value accessor,
                                Value row0, Value col0, Value cols,
                                ArrayRef<Value> offsets);
  /// Whether the whole-buffer load `copy` leaves its completion to the
  /// next op of its block, another whole-buffer load with only index
  /// arithmetic between (see emitTransfer).
  bool holdsForNextLoad(tl::CopyOp copy);
  /// Emits the start of the whole-buffer load of `tiles` tiles into `cb`
  /// that a later load of its run completes: the reservation, a receiver's
  /// announcement that it has room, and the reads (`readTiles`, without
  /// their barrier) on the group's sender or on every core when `group` is
  /// -1.
  void emitHeldLoadStart(ImplicitLocOpBuilder &b, int64_t cb, int64_t tiles,
                         int64_t group,
                         function_ref<void(ImplicitLocOpBuilder &)> readTiles);
  /// Completes the held loads: one read barrier for all, then each shared
  /// load's multicast on its sender, each receiver's wait, and the pushes.
  void emitHeldLoadsEnd(ImplicitLocOpBuilder &b);

  /// Multicast handoff pieces of the held loads (Lowering/Multicast.cpp):
  /// whether this core sends `group`'s load; a receiver's announcement that
  /// it has reserved the pages; the sender's wait for every receiver and its
  /// multicast of the `bytes` at `base` and of the flag; a receiver's wait
  /// for the flag.
  Value isMcastSender(ImplicitLocOpBuilder &b, int64_t group);
  void announceMcastRoom(ImplicitLocOpBuilder &b, int64_t group);
  void sendMcast(ImplicitLocOpBuilder &b, int64_t group, Value base,
                 int64_t bytes);
  void awaitMcast(ImplicitLocOpBuilder &b, int64_t group);

  /// Emits the read of a shared load into the reserved CB pages at `base`
  /// (`bytes` long): the group's sender runs `readTiles` (DRAM to L1, with
  /// its barrier) and multicasts the pages to the receivers once they are
  /// ready; a receiver waits for them (Lowering/Multicast.cpp).
  void emitSharedRead(ImplicitLocOpBuilder &b, int64_t group, Value base,
                      int64_t bytes,
                      function_ref<void(ImplicitLocOpBuilder &)> readTiles);

  /// Checks that `buffer` may be read by compute now.
  LogicalResult checkReadable(Operation *op, Value buffer);
  /// Checks that a buffer written by compute is compute-resident.
  LogicalResult checkWritable(Operation *op, Value buffer);
  /// Records that `op` wrote all of `buffer`'s tiles into its CB.
  void noteWrite(Operation *op, Value buffer);
  /// Whether the store `copy` may hand the compute-resident buffer's own CB
  /// to the writer (see the file comment).
  bool canHandOff(tl::CopyOp copy, Value buffer) const;
  FailureOr<LocalCB *> getLocal(Operation *op, Value buffer);
  int64_t stagingCB(Value local, const LocalCB &info, Type dtype,
                    int64_t pageSize, StringRef global);
  /// Appends a circular buffer the lowering needs to tt.cb_desc: the first
  /// free id, trying the ids in `preferred` order; -1 if none is free.
  int64_t appendCB(ArrayRef<int64_t> preferred, Type dtype, int64_t pageSize,
                   int64_t numPages, StringRef name);
  /// The CB named `name` that an op needs for a value shaped like `like`
  /// (A^T of a gemm, -x of a reduce_min): made on first use from the first
  /// free id; an error at `op` when all 32 ids are taken.
  FailureOr<int64_t> scratchCB(Operation *op, StringRef name,
                               const LocalCB &like);

  func::FuncOp func;
  tl::KernelOp kernel;
  DictionaryAttr layouts;
  SmallVector<Attribute> cbDescs;
  llvm::MapVector<Value, LocalCB> locals;
  DenseMap<Value, Residency> residency;
  /// Buffers whose current value one op wrote into an empty CB, mapped to
  /// the block of that op.
  DenseMap<Value, Block *> freshIn;
  /// Accessor index (cta_offset) of each global, per DM kernel.
  DenseMap<Value, int64_t> readerAccessors, writerAccessors;
  /// Stores that read a loaded buffer's CB directly in the writer.
  DenseSet<Operation *> directStores;
  /// Loaded buffers whose CB compute pops after the given op.
  DenseMap<Operation *, SmallVector<Value>> popAfter;
  DenseMap<std::pair<Value, Type>, int64_t> stagingCBs;
  llvm::StringMap<int64_t> scratchCBs;
  /// Locals a load fills but that compute must own: row vectors filled from
  /// a (column-vector) 1-D global, and buffers compute also writes. The
  /// reader fills a staging CB; compute copies (transposes) it into the
  /// local's CB, which then holds a compute-resident value.
  DenseMap<Value, int64_t> stagedLoads;
  /// Gemms whose accumulator a skipped zero fill left for them: in the
  /// first iteration of their loop they do not reload C (the CB is still
  /// empty) and accumulate onto the zeroed DST instead.
  DenseSet<Operation *> zeroStartGemms;
  /// Whole-buffer loads started but not completed (emitHeldLoadStart), in
  /// order.
  struct HeldLoad {
    int64_t cb, tiles, bytes;
    int64_t group; ///< index in mcastGroups, -1 if not shared
  };
  SmallVector<HeldLoad> heldLoads;
  /// Loads shared through multicast, with their index in mcastGroups.
  DenseMap<Operation *, int64_t> mcastLoads;
  SmallVector<Attribute> mcastGroups;

  /// Expressions deferred by an element-wise op to the next one (its
  /// consumer), by consumer: the buffer whose leaves they replace.
  struct Deferred {
    Value buffer;
    std::unique_ptr<Expr> expr;
  };
  std::map<Operation *, Deferred> deferred;
  /// Stores whose tiles an element-wise op packed into the CB given.
  DenseMap<Operation *, int64_t> fusedStores;
  /// Ops another op's compute thread did the work of (a reduce's epilogue):
  /// only erased when reached.
  DenseSet<Operation *> fusedAway;
  /// Residency at the entry of each loop being lowered, outermost first.
  SmallVector<DenseMap<Value, Residency>> loopEntries;

  int64_t scalerCB = -1;
  ComputeChoice choice;
  int64_t dstBudget = 8;
  /// fp32_dest_acc_en: DST holds fp32 values.
  bool fp32Dst = false;
};

inline Value i32(ImplicitLocOpBuilder &b, int64_t v) {
  return arith::ConstantIntOp::create(b, v, 32);
}
inline Value idx(ImplicitLocOpBuilder &b, int64_t v) {
  return arith::ConstantIndexOp::create(b, v);
}
inline Value toI32(ImplicitLocOpBuilder &b, Value index) {
  return arith::IndexCastOp::create(b, b.getI32Type(), index);
}

/// Emits `for %iv = 0 to count` and runs `body` inside it.
inline void forLoop(ImplicitLocOpBuilder &b, int64_t count,
                    function_ref<void(ImplicitLocOpBuilder &, Value)> body) {
  auto loop = scf::ForOp::create(b, idx(b, 0), idx(b, count), idx(b, 1));
  ImplicitLocOpBuilder inner(b.getLoc(), loop.getBody()->getTerminator());
  body(inner, loop.getInductionVar());
}

/// Emits a `tt.dst_section` of `dstTiles` DST tiles: `math` unpacks and
/// computes into them, `pack` packs them out (InsertDstSync adds the
/// handoff between the two).
inline void dstSection(ImplicitLocOpBuilder &b, int64_t dstTiles,
                       function_ref<void(ImplicitLocOpBuilder &)> math,
                       function_ref<void(ImplicitLocOpBuilder &)> pack) {
  auto section = tt::DstSectionOp::create(b, dstTiles);
  ImplicitLocOpBuilder inMath = ImplicitLocOpBuilder::atBlockBegin(
      b.getLoc(), &section.getMath().front());
  math(inMath);
  ImplicitLocOpBuilder inPack = ImplicitLocOpBuilder::atBlockBegin(
      b.getLoc(), &section.getPack().front());
  pack(inPack);
}

/// Creates an empty `tt.thread` of `kind` before `op` and returns a builder
/// positioned in it.
inline ImplicitLocOpBuilder threadBefore(Operation *op, KernelKind kind) {
  OpBuilder outer(op);
  auto thread = tt::ThreadOp::create(outer, op->getLoc(), kind);
  return ImplicitLocOpBuilder::atBlockBegin(op->getLoc(),
                                            &thread.getBody().front());
}

} // namespace mlir::tilett::lowering

#endif // TILETT_LIB_TRANSFORMS_LOWERING_KERNELLOWERING_H
