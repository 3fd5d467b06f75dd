//===- WidenKSteps.cpp - K blocking of pipelined GEMM loops ---------------===//

#include "tilett/Transforms/WidenKSteps.h"
#include "tilett/Dialect/TL/IR/TLOps.h"
#include "tilett/Transforms/KernelAnalysis.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::tilett;

namespace {

/// Stages of a widened loop: each step now moves F times the tiles, long
/// enough to hide a DRAM round trip behind one step of compute, so double
/// buffering is enough and the L1 the third stage took goes to a wider K.
constexpr int64_t kWidenedStages = 2;
/// Steps a widened loop keeps when its trip count allows (see widen()).
constexpr int64_t kMinSteps = 4;

/// One operand (A or B) of the gemm and the load that fills it.
struct KOperand {
  tl::CopyOp load;
  Operation *alloc;
  MemRefType type;
  unsigned kDim; ///< Dim of the local buffer that runs along K.
};

/// Checks that `buffer` is filled by one load of `loop`'s body that
/// advances by its K extent per iteration, and is used by nothing else than
/// that load and `gemm`.
std::optional<KOperand> matchKOperand(tl::PipelinedOp loop, tl::GemmOp gemm,
                                      Value buffer, unsigned kDim) {
  Operation *alloc = buffer.getDefiningOp();
  auto type = dyn_cast<MemRefType>(buffer.getType());
  if (!alloc || !isa<tl::AllocSharedOp, tl::AllocFragmentOp>(alloc) || !type ||
      type.getRank() != 2 || !type.hasStaticShape() ||
      type.getDimSize(kDim) % kTileDim != 0)
    return std::nullopt;
  tl::CopyOp load;
  for (Operation *user : buffer.getUsers()) {
    if (user == gemm.getOperation())
      continue;
    auto copy = dyn_cast<tl::CopyOp>(user);
    if (!copy || !copy.isLoad() || copy->getParentOp() != loop || load)
      return std::nullopt;
    load = copy;
  }
  if (!load)
    return std::nullopt;
  ValueRange offsets = load.getGlobalOffsets();
  if (offsets.size() < 2)
    return std::nullopt;
  Value iv = loop.getInductionVar();
  size_t kOffset = offsets.size() - 2 + kDim;
  for (auto [i, offset] : llvm::enumerate(offsets)) {
    std::optional<int64_t> c = getIVCoefficient(offset, iv);
    int64_t want = i == kOffset ? type.getDimSize(kDim) : 0;
    // Consecutive iterations read adjacent windows along K.
    int64_t step = i == kOffset ? static_cast<int64_t>(loop.getStep()) : 1;
    if (!c || *c * step != want)
      return std::nullopt;
  }
  return KOperand{load, alloc, type, kDim};
}

/// Bytes of the circular buffers of the kernel's locals, with the loads of
/// `operands` widened `factor`-fold; pages per tile as PropagateTTLayout
/// counts them (the stages of the loop around a load).
int64_t getLocalBytes(const KernelInfo &info, ArrayRef<KOperand> operands,
                      int64_t factor) {
  int64_t bytes = 0;
  for (const LocalBuffer &local : info.locals) {
    std::optional<int64_t> tiles = getLocalTileCount(local.type);
    if (!tiles)
      continue;
    int64_t page = kTileDim * kTileDim *
                   std::max<int64_t>(1, local.type.getElementTypeBitWidth() / 8);
    bool widened = llvm::any_of(
        operands, [&](const KOperand &o) { return o.alloc == local.alloc; });
    // A staged copy may double a buffer that is not loaded: count it twice.
    // A widened load is double-buffered (see widen()).
    int64_t pages = local.kind == LocalKind::Load ? local.stages : 2;
    if (widened && factor > 1)
      pages = std::min<int64_t>(pages, kWidenedStages);
    bytes += *tiles * (widened ? factor : 1) * pages * page;
  }
  return bytes;
}

/// Widens `loop` if it is a K loop of one gemm; returns whether it did.
bool widen(const KernelInfo &info, tl::PipelinedOp loop, int64_t targetKTiles,
           int64_t l1Budget, int64_t cores) {
  tl::GemmOp gemm;
  for (Operation &op : loop.getBody().front()) {
    if (auto g = dyn_cast<tl::GemmOp>(op)) {
      if (gemm)
        return false;
      gemm = g;
    } else if (auto copy = dyn_cast<tl::CopyOp>(op)) {
      if (!copy.isLoad())
        return false;
    } else if (!isa<arith::ArithDialect>(op.getDialect())) {
      return false;
    }
  }
  if (!gemm || gemm.getClearAccum() || loop.getStep() <= 0)
    return false;
  std::optional<KOperand> a = matchKOperand(
      loop, gemm, gemm.getA(), gemm.getTransposeA() ? 0 : 1);
  std::optional<KOperand> b = matchKOperand(
      loop, gemm, gemm.getB(), gemm.getTransposeB() ? 1 : 0);
  if (!a || !b || a->alloc == b->alloc)
    return false;
  // Every body op must serve the loads (index arithmetic) or be one.
  int64_t trips = loop.getTripCount();
  int64_t kTiles = a->type.getDimSize(a->kDim) / kTileDim;
  // An empty K extent or loop (a malformed module) has nothing to widen.
  if (kTiles <= 0 || trips <= 0)
    return false;
  SmallVector<KOperand> operands = {*a, *b};
  int64_t factor = 1;
  // Keep kMinSteps steps a core where there are enough: compute waits for
  // the whole first step before it starts (later ones, and the next work
  // item's, load while it computes), so with few blocks a core, fewer,
  // longer steps expose more of the load (measured: 1024^3 in 128x128x32
  // blocks, one a core, 61.3 us with 4 steps of 8 tiles, 68.9 us with 2 of
  // 16; 3584x3072x768, 12 a core, 395.0 us with 2 steps, 426.5 with 4).
  int64_t blocksPerCore = std::max<int64_t>(
      1, (tl::KernelOp(info.kernel).getNumBlocks() + cores - 1) /
             std::max<int64_t>(cores, 1));
  int64_t minSteps = (kMinSteps + blocksPerCore - 1) / blocksPerCore;
  int64_t maxFactor = trips >= 2 * minSteps ? trips / minSteps : trips;
  for (int64_t f = std::min(maxFactor, std::max<int64_t>(1, targetKTiles / kTiles));
       f > 1; --f)
    if (trips % f == 0 && getLocalBytes(info, operands, f) <= l1Budget) {
      factor = f;
      break;
    }
  if (factor == 1)
    return false;

  loop.setStep(loop.getStep() * factor);
  loop.setNumStages(std::min<int64_t>(loop.getNumStages(), kWidenedStages));
  for (const KOperand &operand : operands) {
    SmallVector<int64_t> shape(operand.type.getShape());
    shape[operand.kDim] *= factor;
    OpBuilder builder(operand.alloc);
    Operation *wide = builder.clone(*operand.alloc);
    wide->getResult(0).setType(MemRefType::get(
        shape, operand.type.getElementType(), operand.type.getLayout(),
        operand.type.getMemorySpace()));
    operand.alloc->getResult(0).replaceAllUsesWith(wide->getResult(0));
    operand.alloc->erase();
  }
  return true;
}

} // namespace

int64_t mlir::tilett::widenPipelinedKSteps(func::FuncOp func,
                                           int64_t targetKTiles,
                                           int64_t l1Bytes, int64_t cores) {
  if (targetKTiles <= 1)
    return 0;
  int64_t widened = 0;
  SmallVector<tl::PipelinedOp> loops;
  func.walk([&](tl::PipelinedOp loop) { loops.push_back(loop); });
  for (tl::PipelinedOp loop : loops) {
    // Re-analysed per loop: a widened loop changes the buffers' shapes.
    std::optional<KernelInfo> info = KernelInfo::analyze(func);
    if (info && widen(*info, loop, targetKTiles, l1Bytes * 3 / 4, cores))
      ++widened;
  }
  return widened;
}
