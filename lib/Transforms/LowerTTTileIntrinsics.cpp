//===- LowerTTTileIntrinsics.cpp - Tile ops to TT-Metalium intrinsics -----===//
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
//===----------------------------------------------------------------------===//

#include "Lowering/ComputeExpr.h"

#include "tilett/Transforms/KernelAnalysis.h"
#include "tilett/Transforms/Passes.h"

#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/Sequence.h"
#include "llvm/ADT/SmallBitVector.h"

namespace mlir::tilett {
#define GEN_PASS_DEF_LOWERTTTILEINTRINSICS
#include "tilett/Transforms/Passes.h.inc"
} // namespace mlir::tilett

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::lowering;
using tt::KernelKind;

namespace {

constexpr int64_t kTileDim = 32;

/// Whether a compute-resident buffer currently holds a value in its CB.
enum class Residency { Empty, Full };

/// How a 1-D block-local buffer sits in its tiles (see the file comment).
enum class VectorForm { None, Col, Row };

struct LocalCB {
  std::string name;
  int64_t cb = -1;
  int64_t pageSize = 0;
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

/// Largest divisor of `total` that is at most `limit` (at least 1).
static int64_t subBlockSize(int64_t total, int64_t limit) {
  for (int64_t n = std::min(total, limit); n > 1; --n)
    if (total % n == 0)
      return n;
  return 1;
}

/// Lowers the tile ops of one kernel function.
class KernelLowering {
public:
  KernelLowering(func::FuncOp func, tl::KernelOp kernel)
      : func(func), kernel(kernel) {}

  LogicalResult run();

private:
  LogicalResult collect();
  void convertPipelined();
  LogicalResult lowerBlock(Block &block);
  LogicalResult lowerOp(Operation *op);
  LogicalResult lowerLoad(tl::CopyOp copy);
  LogicalResult lowerStore(tl::CopyOp copy);
  LogicalResult lowerGemm(tl::GemmOp gemm);
  LogicalResult lowerFill(Operation *op, Value buffer, double value);
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
  LogicalResult emitElementwise(Operation *op, int64_t outCB,
                                const LocalCB &result, Value inPlace,
                                bool dropOld, const Expr &expr);
  /// Emits a compute thread before `op` that copies (with `transpose`:
  /// transposes, making a row vector of a column vector or back) the
  /// `tiles` tiles at the front of `srcCB` into `dstCB`; pops `srcCB` after
  /// when `popSrc`, and pops the old value of `dstCB` first when `dropOld`.
  void emitCBCopy(Operation *op, int64_t srcCB, int64_t dstCB, int64_t tiles,
                  bool popSrc, bool dropOld, bool transpose);
  /// Emits `cb_wait_front(cb, n); cb_pop_front(cb, n)` in a compute thread
  /// at the builder's insertion point.
  void emitDrain(OpBuilder &builder, Location loc, const LocalCB &buffer);
  /// Emits the DM thread of a load or store.
  LogicalResult emitTransfer(tl::CopyOp copy, KernelKind kind, int64_t cb,
                             int64_t cbPageSize);

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
  /// Locals a load fills but that compute must own: row vectors filled from
  /// a (column-vector) 1-D global, and buffers compute also writes. The
  /// reader fills a staging CB; compute copies (transposes) it into the
  /// local's CB, which then holds a compute-resident value.
  DenseMap<Value, int64_t> stagedLoads;
  int64_t scalerCB = -1;
  int64_t dstBudget = 8;
  /// fp32_dest_acc_en: DST holds fp32 values.
  bool fp32Dst = false;
};

} // namespace

static Value i32(ImplicitLocOpBuilder &b, int64_t v) {
  return arith::ConstantIntOp::create(b, v, 32);
}
static Value idx(ImplicitLocOpBuilder &b, int64_t v) {
  return arith::ConstantIndexOp::create(b, v);
}
static Value toI32(ImplicitLocOpBuilder &b, Value index) {
  return arith::IndexCastOp::create(b, b.getI32Type(), index);
}

/// Emits `for %iv = 0 to count` and runs `body` inside it.
static void forLoop(ImplicitLocOpBuilder &b, int64_t count,
                    function_ref<void(ImplicitLocOpBuilder &, Value)> body) {
  auto loop = scf::ForOp::create(b, idx(b, 0), idx(b, count), idx(b, 1));
  ImplicitLocOpBuilder inner(b.getLoc(), loop.getBody()->getTerminator());
  body(inner, loop.getInductionVar());
}

/// Creates an empty `tt.thread` of `kind` before `op` and returns a builder
/// positioned in it.
static ImplicitLocOpBuilder threadBefore(Operation *op, KernelKind kind) {
  OpBuilder outer(op);
  auto thread = tt::ThreadOp::create(outer, op->getLoc(), kind);
  return ImplicitLocOpBuilder::atBlockBegin(op->getLoc(),
                                            &thread.getBody().front());
}

//===----------------------------------------------------------------------===//
// Set-up
//===----------------------------------------------------------------------===//

LogicalResult KernelLowering::collect() {
  layouts = func->getAttrOfType<DictionaryAttr>(tt::TTDialect::kLayoutDescAttrName);
  auto cbs = func->getAttrOfType<ArrayAttr>(tt::TTDialect::kCBDescAttrName);
  if (!layouts || !cbs)
    return func.emitOpError()
           << "expected tt.layout_desc and tt.cb_desc (run tt-propagate-layout "
              "first)";
  cbDescs.assign(cbs.begin(), cbs.end());

  bool anyF32 = false;
  WalkResult walk = kernel.walk([&](Operation *op) {
    if (!isa<tl::AllocSharedOp, tl::AllocFragmentOp>(op))
      return WalkResult::advance();
    Value buffer = op->getResult(0);
    auto type = cast<MemRefType>(buffer.getType());
    LocalCB info;
    info.name = tl::getBufferName(buffer);
    info.dtype = type.getElementType();
    anyF32 |= info.dtype.isF32();
    for (Attribute attr : cbDescs) {
      auto desc = dyn_cast<tt::CBDescAttr>(attr);
      if (desc && desc.getBuffer() == info.name) {
        info.cb = desc.getIndex();
        info.pageSize = desc.getPageSize();
      }
    }
    if (info.cb < 0) {
      op->emitOpError() << "expected a tt.cb_desc entry for buffer '"
                        << info.name << "'";
      return WalkResult::interrupt();
    }
    // Shapes are checked where a lowering needs tiles: a buffer no tile op
    // touches may have any shape.
    auto tiles = [](int64_t n) { return (n + kTileDim - 1) / kTileDim; };
    if (type.getRank() == 2 && type.hasStaticShape()) {
      info.rowTiles = tiles(type.getDimSize(0));
      info.colTiles = tiles(type.getDimSize(1));
      info.paddedRows = type.getDimSize(0) % kTileDim != 0;
      info.paddedCols = type.getDimSize(1) % kTileDim != 0;
    } else if (type.getRank() == 1 && type.hasStaticShape()) {
      info.form = VectorForm::Col;
      info.rowTiles = tiles(type.getDimSize(0));
      info.colTiles = 1;
      info.paddedRows = type.getDimSize(0) % kTileDim != 0;
    }
    locals.insert({buffer, info});
    return WalkResult::advance();
  });
  if (walk.wasInterrupted() || failed(assignVectorForms()))
    return failure();

  // Buffers compute writes: if a load fills one too, the load is staged.
  DenseSet<Value> computeWritten;
  kernel.walk([&](Operation *op) {
    Value target;
    if (auto p = dyn_cast<tl::ParallelOp>(op)) {
      p.walk([&](memref::StoreOp s) { computeWritten.insert(s.getMemRef()); });
      return;
    }
    if (auto c = dyn_cast<tl::CopyOp>(op); c && !c.getGlobal())
      target = c.getDst();
    else if (auto f = dyn_cast<tl::FillOp>(op))
      target = f.getBuffer();
    else if (auto c = dyn_cast<tl::ClearOp>(op))
      target = c.getBuffer();
    else if (auto g = dyn_cast<tl::GemmOp>(op))
      target = g.getC();
    else if (auto r = dyn_cast<tl::ReduceOp>(op))
      target = r.getDst();
    if (target)
      computeWritten.insert(target);
  });

  // Roles come from the dataflow: loads fill reader CBs, and the globals
  // each DM kernel touches get accessor slots in argument order.
  SmallVector<Value> loadedGlobals, storedGlobals;
  WalkResult globals = kernel.walk([&](tl::CopyOp copy) {
    Value global = copy.getGlobal();
    auto arg = dyn_cast_if_present<BlockArgument>(global);
    if (global && (!arg || arg.getOwner()->getParentOp() != func)) {
      copy.emitOpError() << "expected the global side to be an argument of "
                            "the kernel function";
      return WalkResult::interrupt();
    }
    if (copy.isLoad()) {
      if (auto it = locals.find(copy.getLocal()); it != locals.end()) {
        if (it->second.form == VectorForm::Row ||
            computeWritten.contains(it->first))
          stagedLoads.try_emplace(it->first, -1);
        else
          it->second.loaded = true;
      }
      loadedGlobals.push_back(copy.getGlobal());
    } else if (copy.isStore()) {
      storedGlobals.push_back(copy.getGlobal());
    }
    return WalkResult::advance();
  });
  if (globals.wasInterrupted())
    return failure();
  auto number = [](SmallVectorImpl<Value> &globals,
                   DenseMap<Value, int64_t> &slots) {
    llvm::sort(globals, [](Value a, Value b) {
      return cast<BlockArgument>(a).getArgNumber() <
             cast<BlockArgument>(b).getArgNumber();
    });
    for (Value g : globals)
      slots.try_emplace(g, static_cast<int64_t>(slots.size()));
  };
  number(loadedGlobals, readerAccessors);
  number(storedGlobals, writerAccessors);

  dstBudget = anyF32 ? 4 : 8;
  fp32Dst = anyF32;
  MLIRContext *ctx = func.getContext();
  func->setAttr("tt.compute_config",
                DictionaryAttr::get(
                    ctx, {NamedAttribute(StringAttr::get(ctx, "fp32_dest_acc_en"),
                                         BoolAttr::get(ctx, anyF32)),
                          NamedAttribute(StringAttr::get(ctx, "math_fidelity"),
                                         StringAttr::get(ctx, "HiFi4"))}));
  return success();
}

void KernelLowering::convertPipelined() {
  SmallVector<tl::PipelinedOp> loops;
  kernel.walk([&](tl::PipelinedOp op) { loops.push_back(op); });
  for (tl::PipelinedOp op : loops) {
    ImplicitLocOpBuilder b(op.getLoc(), op);
    auto loop = scf::ForOp::create(b, idx(b, op.getLower()),
                                   idx(b, op.getUpper()), idx(b, op.getStep()));
    Block &body = op.getBody().front();
    body.getArgument(0).replaceAllUsesWith(loop.getInductionVar());
    loop.getBody()->getOperations().splice(
        loop.getBody()->getTerminator()->getIterator(), body.getOperations());
    op.erase();
  }
}

FailureOr<LocalCB *> KernelLowering::getLocal(Operation *op, Value buffer) {
  auto it = locals.find(buffer);
  if (it == locals.end())
    return op->emitOpError()
           << "expected a block-local buffer allocated in this tl.kernel";
  if (it->second.numTiles() == 0)
    return op->emitOpError()
           << "expected a 2-D block-local buffer with dims that are multiples "
              "of 32 (or a 1-D one of a multiple of 32 elements), but '"
           << it->second.name << "' has type " << buffer.getType();
  return &it->second;
}

LogicalResult KernelLowering::checkReadable(Operation *op, Value buffer) {
  auto info = getLocal(op, buffer);
  if (failed(info))
    return failure();
  if ((*info)->loaded || residency.lookup(buffer) == Residency::Full)
    return success();
  return op->emitOpError() << "reads '" << (*info)->name
                           << "' before any operation wrote it (or after a "
                              "store handed its value to the writer)";
}

LogicalResult KernelLowering::checkWritable(Operation *op, Value buffer) {
  auto info = getLocal(op, buffer);
  if (failed(info))
    return failure();
  if ((*info)->loaded)
    return op->emitOpError()
           << "writes '" << (*info)->name
           << "', which is filled by a tl.copy load; write a separate buffer";
  return success();
}

void KernelLowering::noteWrite(Operation *op, Value buffer) {
  if (residency.lookup(buffer) == Residency::Full)
    freshIn.erase(buffer);
  else
    freshIn[buffer] = op->getBlock();
  residency[buffer] = Residency::Full;
}

bool KernelLowering::canHandOff(tl::CopyOp copy, Value buffer) const {
  Block *block = copy->getBlock();
  if (freshIn.lookup(buffer) != block)
    return false;
  for (Operation &later :
       llvm::make_range(std::next(copy->getIterator()), block->end())) {
    bool uses = false;
    later.walk([&](Operation *inner) {
      uses |= llvm::is_contained(inner->getOperands(), buffer);
    });
    if (uses)
      return false;
  }
  return true;
}

int64_t KernelLowering::stagingCB(Value local, const LocalCB &info,
                                  Type dtype, int64_t pageSize,
                                  StringRef global) {
  auto key = std::make_pair(local, dtype);
  if (auto it = stagingCBs.find(key); it != stagingCBs.end())
    return it->second;
  // Staging CBs feed the writer: prefer the output range 16..31.
  SmallVector<int64_t> order = llvm::to_vector(llvm::concat<const int64_t>(
      llvm::seq<int64_t>(16, 32), llvm::seq<int64_t>(0, 16)));
  int64_t index = appendCB(order, dtype, pageSize, info.numTiles(),
                           (info.name + "_to_" + global).str());
  if (index >= 0)
    stagingCBs[key] = index;
  return index;
}

int64_t KernelLowering::appendCB(ArrayRef<int64_t> preferred, Type dtype,
                                 int64_t pageSize, int64_t numPages,
                                 StringRef name) {
  llvm::SmallBitVector used(32);
  for (Attribute attr : cbDescs)
    used.set(cast<tt::CBDescAttr>(attr).getIndex());
  for (int64_t i : preferred) {
    if (used.test(i))
      continue;
    cbDescs.push_back(tt::CBDescAttr::get(func.getContext(), i, dtype,
                                          pageSize, numPages, name));
    return i;
  }
  return -1;
}

LogicalResult KernelLowering::assignVectorForms() {
  // The first op that needs a form fixes it; a later op that needs the other
  // one is an error naming both.
  DenseMap<Value, std::pair<VectorForm, Operation *>> chosen;
  auto formName = [](VectorForm form) {
    return form == VectorForm::Row ? "row vector (a column reduction's "
                                     "result, or read as v[j])"
                                   : "column vector (a row reduction's result, "
                                     "or read as v[i])";
  };
  auto want = [&](Value buffer, VectorForm form, Operation *why) {
    auto it = locals.find(buffer);
    if (it == locals.end() || it->second.form == VectorForm::None)
      return success();
    auto [pos, inserted] = chosen.try_emplace(buffer, form, why);
    if (inserted || pos->second.first == form)
      return success();
    InFlightDiagnostic diag = why->emitOpError()
                              << "uses '" << it->second.name << "' as a "
                              << formName(form)
                              << ", but it is already used as a "
                              << formName(pos->second.first)
                              << "; copy it into a second 1-D buffer";
    diag.attachNote(pos->second.second->getLoc()) << "first use here";
    return failure();
  };
  WalkResult walk = kernel.walk([&](Operation *op) {
    LogicalResult ok = success();
    if (auto reduce = dyn_cast<tl::ReduceOp>(op)) {
      if (cast<MemRefType>(reduce.getSrc().getType()).getRank() == 2)
        ok = want(reduce.getDst(),
                  reduce.getDim() == 0 ? VectorForm::Row : VectorForm::Col,
                  op);
    } else if (auto load = dyn_cast<memref::LoadOp>(op)) {
      auto parallel = op->getParentOfType<tl::ParallelOp>();
      if (parallel && parallel.getExtents().size() == 2 &&
          load.getIndices().size() == 1) {
        Value index = load.getIndices()[0];
        if (index == parallel.getIndices()[0])
          ok = want(load.getMemRef(), VectorForm::Col, op);
        else if (index == parallel.getIndices()[1])
          ok = want(load.getMemRef(), VectorForm::Row, op);
      }
    }
    return failed(ok) ? WalkResult::interrupt() : WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  for (auto &[buffer, info] : locals) {
    auto it = chosen.find(buffer);
    if (it == chosen.end() || it->second.first != VectorForm::Row)
      continue;
    info.form = VectorForm::Row;
    std::swap(info.rowTiles, info.colTiles);
    std::swap(info.paddedRows, info.paddedCols);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Walk
//===----------------------------------------------------------------------===//

/// True when `op` or an op nested in it is a tile op this pass lowers.
static bool containsTileOps(Operation *op) {
  return op
      ->walk([](Operation *inner) {
        return isa<tl::CopyOp, tl::GemmOp, tl::ClearOp, tl::FillOp,
                   tl::ReduceOp, tl::ParallelOp>(inner)
                   ? WalkResult::interrupt()
                   : WalkResult::advance();
      })
      .wasInterrupted();
}

LogicalResult KernelLowering::lowerBlock(Block &block) {
  // Plan who pops each loaded CB: consumers are the ops of this block after
  // the load (up to the next load into the same buffer) that use it.
  SmallVector<Operation *> ops = llvm::map_to_vector(
      block.without_terminator(), [](Operation &op) { return &op; });
  for (auto [pos, op] : llvm::enumerate(ops)) {
    auto load = dyn_cast<tl::CopyOp>(op);
    if (!load || !load.isLoad())
      continue;
    Value buffer = load.getLocal();
    // A transposed load leaves a compute-resident value, not a reader CB.
    if (stagedLoads.contains(buffer))
      continue;
    SmallVector<Operation *> consumers;
    for (Operation *later : ArrayRef(ops).drop_front(pos + 1)) {
      auto reload = dyn_cast<tl::CopyOp>(later);
      if (reload && reload.isLoad() && reload.getLocal() == buffer)
        break;
      bool uses = false;
      later->walk([&](Operation *inner) {
        uses |= llvm::is_contained(inner->getOperands(), buffer);
      });
      if (uses)
        consumers.push_back(later);
    }
    auto store = consumers.size() == 1 ? dyn_cast<tl::CopyOp>(consumers[0])
                                       : tl::CopyOp();
    if (store && store.isStore() &&
        cast<MemRefType>(store.getGlobal().getType()).getElementType() ==
            cast<MemRefType>(buffer.getType()).getElementType()) {
      directStores.insert(store);
      continue;
    }
    popAfter[consumers.empty() ? op : consumers.back()].push_back(buffer);
  }

  for (Operation *op : ops) {
    // Pops go right after the op, its replacement goes before it.
    if (auto it = popAfter.find(op); it != popAfter.end()) {
      OpBuilder after(op->getBlock(), std::next(op->getIterator()));
      for (Value buffer : it->second)
        emitDrain(after, op->getLoc(), locals.find(buffer)->second);
    }
    if (failed(lowerOp(op)))
      return failure();
  }
  return success();
}

void KernelLowering::emitDrain(OpBuilder &builder, Location loc,
                               const LocalCB &buffer) {
  auto thread = tt::ThreadOp::create(builder, loc, KernelKind::Compute);
  auto b = ImplicitLocOpBuilder::atBlockBegin(loc, &thread.getBody().front());
  Value cb = i32(b, buffer.cb), n = i32(b, buffer.numTiles());
  tt::CBWaitFrontOp::create(b, cb, n);
  tt::CBPopFrontOp::create(b, cb, n);
}

LogicalResult KernelLowering::lowerOp(Operation *op) {
  if (auto copy = dyn_cast<tl::CopyOp>(op)) {
    if (copy.isLoad())
      return lowerLoad(copy);
    if (copy.isStore())
      return lowerStore(copy);
    return lowerLocalCopy(copy);
  }
  if (auto gemm = dyn_cast<tl::GemmOp>(op))
    return lowerGemm(gemm);
  if (auto clear = dyn_cast<tl::ClearOp>(op))
    return lowerFill(op, clear.getBuffer(), 0.0);
  if (auto fill = dyn_cast<tl::FillOp>(op))
    return lowerFill(op, fill.getBuffer(), fill.getValue().convertToDouble());
  if (auto parallel = dyn_cast<tl::ParallelOp>(op))
    return lowerParallel(parallel);
  if (auto reduce = dyn_cast<tl::ReduceOp>(op))
    return lowerReduce(reduce);
  if (!containsTileOps(op))
    return success();
  auto loop = dyn_cast<scf::ForOp>(op);
  if (!loop)
    return op->emitOpError()
           << "holds tile operations, but only scf.for and tl.pipelined loops "
              "may enclose them";
  // The body runs many times: every compute-resident buffer must be in the
  // same state at the end of an iteration as at its start.
  DenseMap<Value, Residency> atEntry = residency;
  if (failed(lowerBlock(*loop.getBody())))
    return failure();
  for (auto &[buffer, info] : locals) {
    Residency before = atEntry.lookup(buffer), after = residency.lookup(buffer);
    if (before == after)
      continue;
    if (before == Residency::Full)
      return loop.emitOpError()
             << "hands '" << info.name
             << "' to the writer inside the loop, but its value is live "
                "around the loop; store it after the loop";
    // Written fresh in every iteration: the value dies with the iteration.
    OpBuilder atEnd(loop.getBody()->getTerminator());
    emitDrain(atEnd, loop.getLoc(), info);
    residency[buffer] = Residency::Empty;
    freshIn.erase(buffer);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult KernelLowering::emitTransfer(tl::CopyOp copy, KernelKind kind,
                                           int64_t cb, int64_t cbPageSize) {
  Value global = copy.getGlobal();
  auto globalType = cast<MemRefType>(global.getType());
  std::string name = tl::getBufferName(global);
  auto layout = layouts.getAs<tt::LayoutDescAttr>(name);
  if (!layout)
    return copy.emitOpError() << "expected a tt.layout_desc entry for '" << name
                              << "'";
  if (layout.isSharded())
    return copy.emitOpError() << "expected an interleaved layout for '" << name
                              << "'; sharded buffers are not lowered yet";
  auto local = getLocal(copy, copy.getLocal());
  if (failed(local))
    return failure();
  bool vector = (*local)->form != VectorForm::None;
  if (vector != (globalType.getRank() == 1))
    return copy.emitOpError()
           << "expected a 1-D block-local buffer to be copied from or to a 1-D "
              "global and a 2-D one from or to a global of rank >= 2, but '"
           << (*local)->name << "' is " << (vector ? "1-D" : "2-D") << " and '"
           << name << "' has rank " << globalType.getRank();
  // A 1-D global is a column of tiles: view it as [tiles, 1].
  SmallVector<int64_t> grid = layout.getTileGrid();
  if (vector)
    grid.push_back(1);
  int64_t rank = grid.size(),
          rowTiles = vector ? (*local)->numTiles() : (*local)->rowTiles,
          colTiles = vector ? 1 : (*local)->colTiles;
  bool reading = kind == KernelKind::Reader;
  int64_t cta = (reading ? readerAccessors : writerAccessors).lookup(global);

  ImplicitLocOpBuilder b = threadBefore(copy, kind);
  Value cbId = i32(b, cb), count = i32(b, (*local)->numTiles());
  Value addr = tt::BufferAddressOp::create(b, b.getI32Type(), global);
  Value page = i32(b, layout.getPageSize());
  Value accessor = tt::InterleavedAccessorOp::create(
      b, tt::AccessorType::get(b.getContext()), addr, page, cta,
      layout.getMemory() == tt::MemorySpace::DRAM, layout.getDtype());
  Value base;
  if (reading) {
    tt::CBReserveBackOp::create(b, cbId, count);
    base = tt::GetWritePtrOp::create(b, b.getI32Type(), cbId);
  } else {
    tt::CBWaitFrontOp::create(b, cbId, count);
    base = tt::GetReadPtrOp::create(b, b.getI32Type(), cbId);
  }
  // First tile row: leading offsets (elements) linearised over the padded
  // leading dims, then the row offset in tiles. Offsets are non-negative, so
  // signed division is exact here (and EmitC lowers it on index).
  SmallVector<Value> offsets(copy.getGlobalOffsets());
  if (vector)
    offsets.push_back(idx(b, 0));
  Value tile = idx(b, kTileDim);
  Value lead = idx(b, 0);
  for (int64_t d = 0; d + 2 < rank; ++d)
    lead = arith::AddIOp::create(
        b, arith::MulIOp::create(b, lead, idx(b, grid[d])), offsets[d]);
  Value row0 = arith::AddIOp::create(
      b, arith::MulIOp::create(b, lead, idx(b, grid[rank - 2])),
      arith::DivSIOp::create(b, offsets[rank - 2], tile));
  Value col0 = arith::DivSIOp::create(b, offsets[rank - 1], tile);
  Value cols = idx(b, grid[rank - 1]), localCols = idx(b, colTiles),
        cbPage = idx(b, cbPageSize);
  forLoop(b, rowTiles, [&](ImplicitLocOpBuilder &b, Value m) {
    forLoop(b, colTiles, [&](ImplicitLocOpBuilder &b, Value n) {
      Value row = arith::AddIOp::create(b, row0, m);
      Value id = arith::AddIOp::create(
          b, arith::MulIOp::create(b, row, cols),
          arith::AddIOp::create(b, col0, n));
      Value local = arith::AddIOp::create(
          b, arith::MulIOp::create(b, m, localCols), n);
      Value l1 = arith::AddIOp::create(
          b, base, toI32(b, arith::MulIOp::create(b, local, cbPage)));
      if (reading)
        tt::NocAsyncReadTileOp::create(b, toI32(b, id), accessor, l1);
      else
        tt::NocAsyncWriteTileOp::create(b, toI32(b, id), accessor, l1);
    });
  });
  if (reading) {
    tt::NocAsyncReadBarrierOp::create(b);
    tt::CBPushBackOp::create(b, cbId, count);
  } else {
    tt::NocAsyncWriteBarrierOp::create(b);
    tt::CBPopFrontOp::create(b, cbId, count);
  }
  return success();
}

LogicalResult KernelLowering::lowerLoad(tl::CopyOp copy) {
  auto local = getLocal(copy, copy.getLocal());
  if (failed(local))
    return failure();
  Type globalType = cast<MemRefType>(copy.getGlobal().getType()).getElementType();
  if (globalType != (*local)->dtype)
    return copy.emitOpError()
           << "expected the same element type on both sides of a load but got "
           << globalType << " and " << (*local)->dtype
           << "; convert after loading";
  Value localValue = copy.getLocal();
  if (auto it = stagedLoads.find(localValue); it != stagedLoads.end()) {
    // The reader fills a staging CB; compute copies it (a column vector
    // into a row vector: transposes it) into the local's own CB.
    if (it->second < 0)
      it->second = appendCB(llvm::to_vector(llvm::seq<int64_t>(0, 32)),
                            (*local)->dtype, (*local)->pageSize,
                            (*local)->numTiles(),
                            (tl::getBufferName(copy.getGlobal()) + "_to_" +
                             (*local)->name));
    if (it->second < 0)
      return copy.emitOpError()
             << "needs a staging circular buffer for '" << (*local)->name
             << "' but all 32 CB ids are in use";
    if (failed(emitTransfer(copy, KernelKind::Reader, it->second,
                            (*local)->pageSize)))
      return failure();
    emitCBCopy(copy, it->second, (*local)->cb, (*local)->numTiles(),
               /*popSrc=*/true,
               residency.lookup(localValue) == Residency::Full,
               /*transpose=*/(*local)->form == VectorForm::Row);
    noteWrite(copy, localValue);
    copy.erase();
    return success();
  }
  if (failed(emitTransfer(copy, KernelKind::Reader, (*local)->cb,
                          (*local)->pageSize)))
    return failure();
  copy.erase();
  return success();
}

LogicalResult KernelLowering::lowerStore(tl::CopyOp copy) {
  Value localValue = copy.getLocal();
  auto local = getLocal(copy, localValue);
  if (failed(local))
    return failure();
  if (failed(checkReadable(copy, localValue)))
    return failure();
  Value global = copy.getGlobal();
  std::string name = tl::getBufferName(global);
  auto layout = layouts.getAs<tt::LayoutDescAttr>(name);
  if (!layout)
    return copy.emitOpError() << "expected a tt.layout_desc entry for '" << name
                              << "'";
  Type dtype = cast<MemRefType>(global.getType()).getElementType();
  // A row vector goes out as the 1-D global's column vector: transposed
  // into a staging CB.
  bool transpose = (*local)->form == VectorForm::Row;
  bool direct = (*local)->loaded ? directStores.contains(copy)
                                 : !transpose && (*local)->dtype == dtype &&
                                       canHandOff(copy, localValue);
  int64_t cb = (*local)->cb, pageSize = (*local)->pageSize;
  if (direct) {
    if (!(*local)->loaded) {
      residency[localValue] = Residency::Empty;
      freshIn.erase(localValue);
    }
  } else {
    pageSize = layout.getPageSize();
    cb = stagingCB(localValue, **local, dtype, pageSize, name);
    if (cb < 0)
      return copy.emitOpError()
             << "needs a staging circular buffer for '" << (*local)->name
             << "' but all 32 CB ids are in use";
    if (transpose) {
      emitCBCopy(copy, (*local)->cb, cb, (*local)->numTiles(),
                 /*popSrc=*/false, /*dropOld=*/false, /*transpose=*/true);
    } else {
      auto leaf = std::make_unique<Expr>();
      leaf->buffer = localValue;
      if (failed(emitElementwise(copy, cb, **local, Value(),
                                 /*dropOld=*/false, *leaf)))
        return failure();
    }
  }
  if (failed(emitTransfer(copy, KernelKind::Writer, cb, pageSize)))
    return failure();
  copy.erase();
  return success();
}

//===----------------------------------------------------------------------===//
// Compute
//===----------------------------------------------------------------------===//

/// Calls `fn` on every leaf of `expr`.
static void forEachLeaf(const Expr &expr,
                        function_ref<void(const Expr &)> fn) {
  if (expr.kind == Expr::Kind::Leaf)
    fn(expr);
  if (expr.lhs)
    forEachLeaf(*expr.lhs, fn);
  if (expr.rhs)
    forEachLeaf(*expr.rhs, fn);
  if (expr.cond)
    forEachLeaf(*expr.cond, fn);
}

LogicalResult KernelLowering::emitElementwise(Operation *op, int64_t outCB,
                                              const LocalCB &result,
                                              Value inPlace, bool dropOld,
                                              const Expr &expr) {
  int64_t outTiles = result.numTiles();
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
  forEachLeaf(expr, [&](const Expr &leaf) {
    const LocalCB &info = locals.find(leaf.buffer)->second;
    if (failed(shapes))
      return;
    bool ok = leaf.transposed
                  ? info.rowTiles == result.colTiles &&
                        info.colTiles == result.rowTiles
              : leaf.bcast == Expr::Broadcast::Col
                  ? info.form == VectorForm::Col && info.rowTiles == result.rowTiles
              : leaf.bcast == Expr::Broadcast::Row
                  ? info.form == VectorForm::Row && info.colTiles == result.colTiles
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
  int64_t n = subBlockSize(outTiles, dstBudget / slots);

  ImplicitLocOpBuilder b = threadBefore(op, KernelKind::Compute);
  Value out = i32(b, outCB), nTiles = i32(b, n);
  tt::InitSfpuOp::create(b, infos.empty() ? out : i32(b, infos.front()->cb),
                         out);
  // Read-only operands are waited for as a whole and read by tile index.
  for (LocalCB *info : infos)
    if (!inPlace || &locals.find(inPlace)->second != info)
      tt::CBWaitFrontOp::create(b, i32(b, info->cb), i32(b, info->numTiles()));
  forLoop(b, outTiles / n, [&](ImplicitLocOpBuilder &b, Value sb) {
    if (dropOld) {
      tt::CBWaitFrontOp::create(b, out, nTiles);
      tt::CBPopFrontOp::create(b, out, nTiles);
    }
    if (inPlace)
      tt::CBWaitFrontOp::create(b, out, nTiles);
    tt::TileRegsAcquireOp::create(b);
    Value first = arith::MulIOp::create(b, sb, idx(b, n));
    forLoop(b, n, [&](ImplicitLocOpBuilder &b, Value k) {
      Value slot = toI32(b, arith::MulIOp::create(b, k, idx(b, slots)));
      emitExpr(b, expr, slot, fp32Dst,
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
                 if (leaf.bcast != Expr::Broadcast::None) {
                   // Output tile t is (t / cols, t % cols); a column vector
                   // follows its tile row, a row vector its tile column.
                   bool col = leaf.bcast == Expr::Broadcast::Col;
                   Value cols = idx(b, result.colTiles);
                   Value tile =
                       col ? Value(arith::DivSIOp::create(b, t, cols))
                           : Value(arith::RemSIOp::create(b, t, cols));
                   auto type = col ? tt::BroadcastType::Col
                                   : tt::BroadcastType::Row;
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
      tt::CBPopFrontOp::create(b, out, nTiles);
    tt::TileRegsCommitOp::create(b);
    tt::TileRegsWaitOp::create(b);
    tt::CBReserveBackOp::create(b, out, nTiles);
    forLoop(b, n, [&](ImplicitLocOpBuilder &b, Value k) {
      tt::PackTileOp::create(
          b, toI32(b, arith::MulIOp::create(b, k, idx(b, slots))), out);
    });
    tt::CBPushBackOp::create(b, out, nTiles);
    tt::TileRegsReleaseOp::create(b);
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
  if (failed(emitElementwise(op, info.cb, info, Value(), wasFull, expr)))
    return failure();
  noteWrite(op, buffer);
  op->erase();
  return success();
}

LogicalResult KernelLowering::lowerParallel(tl::ParallelOp op) {
  FailureOr<SmallVector<ParallelExpr>> parallel = matchParallel(op);
  if (failed(parallel))
    return failure();
  for (ParallelExpr &store : *parallel) {
    Value target = store.target;
    if (failed(checkWritable(op, target)))
      return failure();
    SmallVector<Value> operands;
    store.expr->collectBuffers(operands);
    bool reloads = llvm::is_contained(operands, target);
    bool wasFull = residency.lookup(target) == Residency::Full;
    LocalCB &info = locals.find(target)->second;
    if (failed(emitElementwise(op, info.cb, info, reloads ? target : Value(),
                               !reloads && wasFull, *store.expr)))
      return failure();
    noteWrite(op, target);
  }
  op.erase();
  return success();
}

LogicalResult KernelLowering::lowerLocalCopy(tl::CopyOp copy) {
  Value src = copy.getSrc(), dst = copy.getDst();
  if (failed(checkWritable(copy, dst)))
    return failure();
  auto leaf = std::make_unique<Expr>();
  leaf->buffer = src;
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
  } else if (failed(emitElementwise(copy, info.cb, info, Value(), wasFull,
                                    *leaf))) {
    return failure();
  }
  noteWrite(copy, dst);
  copy.erase();
  return success();
}

void KernelLowering::emitCBCopy(Operation *op, int64_t srcCB, int64_t dstCB,
                                int64_t tiles, bool popSrc, bool dropOld,
                                bool transpose) {
  int64_t n = subBlockSize(tiles, dstBudget);
  ImplicitLocOpBuilder b = threadBefore(op, KernelKind::Compute);
  Value src = i32(b, srcCB), dst = i32(b, dstCB), nTiles = i32(b, n);
  tt::CBWaitFrontOp::create(b, src, i32(b, tiles));
  forLoop(b, tiles / n, [&](ImplicitLocOpBuilder &b, Value sb) {
    if (dropOld) {
      tt::CBWaitFrontOp::create(b, dst, nTiles);
      tt::CBPopFrontOp::create(b, dst, nTiles);
    }
    tt::TileRegsAcquireOp::create(b);
    if (transpose)
      tt::TransposeWHInitOp::create(b, src, dst);
    else
      tt::CopyTileInitOp::create(b, src);
    Value first = arith::MulIOp::create(b, sb, idx(b, n));
    forLoop(b, n, [&](ImplicitLocOpBuilder &b, Value k) {
      Value from = toI32(b, arith::AddIOp::create(b, first, k));
      if (transpose)
        tt::TransposeWHTileOp::create(b, src, from, toI32(b, k));
      else
        tt::CopyTileOp::create(b, src, from, toI32(b, k));
    });
    tt::TileRegsCommitOp::create(b);
    tt::TileRegsWaitOp::create(b);
    tt::CBReserveBackOp::create(b, dst, nTiles);
    forLoop(b, n, [&](ImplicitLocOpBuilder &b, Value k) {
      tt::PackTileOp::create(b, toI32(b, k), dst);
    });
    tt::CBPushBackOp::create(b, dst, nTiles);
    tt::TileRegsReleaseOp::create(b);
  });
  if (popSrc)
    tt::CBPopFrontOp::create(b, src, i32(b, tiles));
}

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
    auto leafExpr = std::make_unique<Expr>();
    leafExpr->buffer = buffer;
    auto neg = std::make_unique<Expr>();
    neg->kind = Expr::Kind::Unary;
    neg->unary = Expr::Unary::Neg;
    neg->lhs = std::move(leafExpr);
    return neg;
  };
  int64_t inCB = src.cb;
  if (isMin) {
    auto key = std::make_pair(srcValue, Type());
    auto it = stagingCBs.find(key);
    if (it == stagingCBs.end()) {
      int64_t id = appendCB(llvm::to_vector(llvm::seq<int64_t>(0, 32)),
                            src.dtype, src.pageSize, src.numTiles(),
                            src.name + "_negated");
      if (id < 0)
        return reduce.emitOpError() << "needs a circular buffer for -" << src.name
                                    << " but all 32 CB ids are in use";
      it = stagingCBs.insert({key, id}).first;
    }
    inCB = it->second;
    if (failed(emitElementwise(reduce, inCB, src, Value(), /*dropOld=*/false,
                               *negated(srcValue))))
      return failure();
    if (accumulate && failed(emitElementwise(reduce, dst.cb, dst, dstValue,
                                             /*dropOld=*/false,
                                             *negated(dstValue))))
      return failure();
  }
  auto pool = reduce.getKind() == tl::ReduceKind::Sum ? tt::PoolType::Sum
                                                      : tt::PoolType::Max;
  auto dim = alongRows ? tt::ReduceDim::Row : tt::ReduceDim::Col;

  ImplicitLocOpBuilder b = threadBefore(reduce, KernelKind::Compute);
  Value scaler = i32(b, scalerCB), one = i32(b, 1), zero = i32(b, 0);
  Value in = i32(b, inCB), out = i32(b, dst.cb);
  // The scaler tile: ones, so sums and maxima come out unscaled.
  tt::CBReserveBackOp::create(b, scaler, one);
  tt::InitSfpuOp::create(b, scaler, scaler);
  tt::TileRegsAcquireOp::create(b);
  tt::FillTileInitOp::create(b);
  tt::FillTileOp::create(b, zero, b.getF32FloatAttr(1.0f));
  tt::TileRegsCommitOp::create(b);
  tt::TileRegsWaitOp::create(b);
  tt::PackTileOp::create(b, zero, scaler);
  tt::CBPushBackOp::create(b, scaler, one);
  tt::TileRegsReleaseOp::create(b);
  tt::CBWaitFrontOp::create(b, scaler, one);
  tt::CBWaitFrontOp::create(b, in, i32(b, src.numTiles()));

  int64_t n = subBlockSize(dst.numTiles(), dstBudget);
  Value nTiles = i32(b, n);
  forLoop(b, dst.numTiles() / n, [&](ImplicitLocOpBuilder &b, Value sb) {
    if (wasFull)
      tt::CBWaitFrontOp::create(b, out, nTiles);
    if (wasFull && !accumulate)
      tt::CBPopFrontOp::create(b, out, nTiles);
    tt::TileRegsAcquireOp::create(b);
    if (accumulate) {
      // Reduce into the old values: sums add to them, maxima compare.
      tt::CopyTileInitOp::create(b, out);
      forLoop(b, n, [&](ImplicitLocOpBuilder &b, Value k) {
        Value t = toI32(b, k);
        tt::CopyTileOp::create(b, out, t, t);
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
                                 toI32(b, k), pool, dim);
      });
    });
    tt::ReduceUninitOp::create(b);
    tt::TileRegsCommitOp::create(b);
    tt::TileRegsWaitOp::create(b);
    tt::CBReserveBackOp::create(b, out, nTiles);
    forLoop(b, n, [&](ImplicitLocOpBuilder &b, Value k) {
      tt::PackTileOp::create(b, toI32(b, k), out);
    });
    tt::CBPushBackOp::create(b, out, nTiles);
    tt::TileRegsReleaseOp::create(b);
  });
  tt::CBPopFrontOp::create(b, scaler, one);
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
    auto key = std::make_pair(gemm.getA(), Type());
    auto it = stagingCBs.find(key);
    if (it == stagingCBs.end()) {
      int64_t id = appendCB(llvm::to_vector(llvm::seq<int64_t>(0, 32)),
                            a.dtype, a.pageSize, a.numTiles(),
                            a.name + "_transposed");
      if (id < 0)
        return gemm.emitOpError() << "needs a circular buffer for A^T but all "
                                     "32 CB ids are in use";
      it = stagingCBs.insert({key, id}).first;
    }
    aOperandCB = it->second;
    ImplicitLocOpBuilder bld = threadBefore(gemm, KernelKind::Compute);
    Value src = i32(bld, a.cb), dst = i32(bld, aOperandCB);
    int64_t n = subBlockSize(a.numTiles(), dstBudget);
    tt::CBWaitFrontOp::create(bld, src, i32(bld, a.numTiles()));
    forLoop(bld, a.numTiles() / n, [&](ImplicitLocOpBuilder &bld, Value sb) {
      tt::TileRegsAcquireOp::create(bld);
      tt::TransposeWHInitOp::create(bld, src, dst);
      Value first = arith::MulIOp::create(bld, sb, idx(bld, n));
      forLoop(bld, n, [&](ImplicitLocOpBuilder &bld, Value k) {
        // A^T tile t = (m, kt) comes from A tile (kt, m).
        Value t = arith::AddIOp::create(bld, first, k);
        Value m = arith::DivSIOp::create(bld, t, idx(bld, kTiles));
        Value kt = arith::RemSIOp::create(bld, t, idx(bld, kTiles));
        Value from = arith::AddIOp::create(
            bld, arith::MulIOp::create(bld, kt, idx(bld, a.colTiles)), m);
        tt::TransposeWHTileOp::create(bld, src, toI32(bld, from), toI32(bld, k));
      });
      tt::TileRegsCommitOp::create(bld);
      tt::TileRegsWaitOp::create(bld);
      tt::CBReserveBackOp::create(bld, dst, i32(bld, n));
      forLoop(bld, n, [&](ImplicitLocOpBuilder &bld, Value k) {
        tt::PackTileOp::create(bld, toI32(bld, k), dst);
      });
      tt::CBPushBackOp::create(bld, dst, i32(bld, n));
      tt::TileRegsReleaseOp::create(bld);
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

  int64_t n = subBlockSize(c.numTiles(), dstBudget);
  ImplicitLocOpBuilder bld = threadBefore(gemm, KernelKind::Compute);
  Value aCB = i32(bld, aOperandCB), bCB = i32(bld, b.cb),
        cCB = i32(bld, c.cb), nTiles = i32(bld, n);
  tt::CBWaitFrontOp::create(bld, aCB, i32(bld, a.numTiles()));
  tt::CBWaitFrontOp::create(bld, bCB, i32(bld, b.numTiles()));
  forLoop(bld, c.numTiles() / n, [&](ImplicitLocOpBuilder &bld, Value sb) {
    tt::TileRegsAcquireOp::create(bld);
    // Reload the current partial sums of this sub-block.
    tt::CopyTileInitOp::create(bld, cCB);
    tt::CBWaitFrontOp::create(bld, cCB, nTiles);
    forLoop(bld, n, [&](ImplicitLocOpBuilder &bld, Value k) {
      Value t = toI32(bld, k);
      tt::CopyTileOp::create(bld, cCB, t, t);
    });
    tt::CBPopFrontOp::create(bld, cCB, nTiles);
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
            transB ? arith::AddIOp::create(
                         bld, arith::MulIOp::create(bld, j, idx(bld, kTiles)),
                         kt)
                   : arith::AddIOp::create(
                         bld, arith::MulIOp::create(bld, kt, idx(bld, bN)), j);
        tt::MatmulTilesOp::create(bld, aCB, bCB, toI32(bld, aTile),
                                  toI32(bld, bTile), toI32(bld, k), transB);
      });
    });
    tt::TileRegsCommitOp::create(bld);
    tt::TileRegsWaitOp::create(bld);
    tt::CBReserveBackOp::create(bld, cCB, nTiles);
    forLoop(bld, n, [&](ImplicitLocOpBuilder &bld, Value k) {
      tt::PackTileOp::create(bld, toI32(bld, k), cCB);
    });
    tt::CBPushBackOp::create(bld, cCB, nTiles);
    tt::TileRegsReleaseOp::create(bld);
  });
  if (transA) // A^T lives for this gemm only.
    tt::CBPopFrontOp::create(bld, aCB, i32(bld, a.numTiles()));
  noteWrite(gemm, cValue);
  gemm.erase();
  return success();
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

LogicalResult KernelLowering::run() {
  if (failed(collect()))
    return failure();
  convertPipelined();
  Block &body = kernel.getBody().front();
  if (failed(lowerBlock(body)))
    return failure();
  // Values still resident at the end of a block are dropped, so that the
  // next work item starts with empty CBs.
  OpBuilder atEnd = OpBuilder::atBlockEnd(&body);
  for (auto &[buffer, info] : locals)
    if (residency.lookup(buffer) == Residency::Full)
      emitDrain(atEnd, kernel.getLoc(), info);
  func->setAttr(tt::TTDialect::kCBDescAttrName,
                ArrayAttr::get(func.getContext(), cbDescs));
  return success();
}

namespace mlir::tilett {
namespace {
class LowerTTTileIntrinsics
    : public impl::LowerTTTileIntrinsicsBase<LowerTTTileIntrinsics> {
public:
  using LowerTTTileIntrinsicsBase::LowerTTTileIntrinsicsBase;

  void runOnOperation() final {
    if (failed(forEachKernel(getOperation(),
                             [](func::FuncOp func, tl::KernelOp kernel) {
                               return KernelLowering(func, kernel).run();
                             })))
      signalPassFailure();
  }
};
} // namespace
} // namespace mlir::tilett
