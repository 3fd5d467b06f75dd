//===- CoarsenGrid.cpp - Several TileLang blocks as one per-core block ----===//
//
// See CoarsenGrid.h. The analysis puts every dimension of every block-local
// buffer and tl.parallel nest in an equivalence class of dimensions that
// must scale together, marks a class with the grid dimension whose block
// index moves its windows, and forbids scaling on classes that must keep
// their extent (K, reduced dimensions, windows that do not move with that
// block index). A conflict makes that grid dimension not coarsenable.
//
//===----------------------------------------------------------------------===//

#include "tilett/Transforms/CoarsenGrid.h"
#include "tilett/Dialect/TL/IR/TLOps.h"
#include "tilett/Transforms/KernelAnalysis.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/EquivalenceClasses.h"

#include <numeric>

using namespace mlir;
using namespace mlir::tilett;

namespace {

constexpr unsigned kGridDims = 2;
/// Largest factor tried per grid dimension: 4 neighbouring blocks already
/// share a load 4 ways, and larger blocks leave little L1 for K blocking.
constexpr int64_t kMaxFactor = 4;

/// A dimension of a block-local buffer or of a tl.parallel nest.
using DimSlot = std::pair<Operation *, unsigned>;

class CoarsenAnalysis {
public:
  explicit CoarsenAnalysis(tl::KernelOp kernel) : kernel(kernel) {}

  /// Runs the analysis; afterwards coarsenable(g) says whether grid
  /// dimension g may be coarsened.
  void run();
  bool coarsenable(unsigned g) { return groupable(g) && shared[g]; }
  /// Whether the blocks along grid dimension g may be grouped at all
  /// (coarsenable without the sharing that makes it pay).
  bool groupable(unsigned g) {
    return g < kernel.getGrid().size() && !blocked[g] && marked[g];
  }
  /// The grid dimension scaling `slot`, if any.
  std::optional<unsigned> markOf(DimSlot slot) {
    auto it = classInfo.find(leaderOf(slot));
    if (it == classInfo.end() || it->second.mark < 0)
      return std::nullopt;
    return unsigned(it->second.mark);
  }

private:
  struct ClassInfo {
    int mark = -1;          ///< grid dimension that scales the class
    unsigned forbidden = 0; ///< bit g: must not scale with grid dim g
  };

  DimSlot leaderOf(DimSlot slot) {
    classes.insert(slot);
    return classes.getLeaderValue(slot);
  }
  void unite(DimSlot a, DimSlot b) {
    DimSlot la = leaderOf(a), lb = leaderOf(b);
    if (la == lb)
      return;
    ClassInfo ia = classInfo.lookup(la), ib = classInfo.lookup(lb);
    classInfo.erase(la);
    classInfo.erase(lb);
    classes.unionSets(la, lb);
    ClassInfo merged;
    merged.forbidden = ia.forbidden | ib.forbidden;
    if (ia.mark >= 0 && ib.mark >= 0 && ia.mark != ib.mark)
      blockBoth(ia.mark, ib.mark);
    merged.mark = ia.mark >= 0 ? ia.mark : ib.mark;
    classInfo[leaderOf(la)] = merged;
    check(leaderOf(la));
  }
  void mark(DimSlot slot, unsigned g) {
    ClassInfo &info = classInfo[leaderOf(slot)];
    if (info.mark >= 0 && info.mark != int(g))
      blockBoth(info.mark, g);
    info.mark = g;
    marked[g] = true;
    check(leaderOf(slot));
  }
  void forbid(DimSlot slot, unsigned g) {
    classInfo[leaderOf(slot)].forbidden |= 1u << g;
    check(leaderOf(slot));
  }
  void forbidAll(DimSlot slot) {
    for (unsigned g = 0; g < kGridDims; ++g)
      forbid(slot, g);
  }
  void check(DimSlot leader) {
    ClassInfo info = classInfo.lookup(leader);
    if (info.mark >= 0 && (info.forbidden >> info.mark) & 1)
      blocked[info.mark] = true;
  }
  void blockBoth(int a, int b) {
    blocked[a] = blocked[b] = true;
  }
  void blockAll() { blocked[0] = blocked[1] = true; }

  void visitRegion(Region &region);
  void visitCopy(tl::CopyOp copy);
  void visitGemm(tl::GemmOp gemm);
  void visitReduce(tl::ReduceOp reduce);
  void visitParallel(tl::ParallelOp par);
  void checkBlockIndexUses();

  tl::KernelOp kernel;
  llvm::EquivalenceClasses<DimSlot> classes;
  llvm::DenseMap<DimSlot, ClassInfo> classInfo;
  bool blocked[kGridDims] = {false, false};
  /// Some class scales with g.
  bool marked[kGridDims] = {false, false};
  /// Some load is the same for neighbouring blocks along g.
  bool shared[kGridDims] = {false, false};
};

Operation *localAlloc(Value v) {
  Operation *op = v.getDefiningOp();
  return op && isa<tl::AllocSharedOp, tl::AllocFragmentOp>(op) ? op : nullptr;
}

void CoarsenAnalysis::run() {
  for (unsigned g = kernel.getGrid().size(); g < kGridDims; ++g)
    blocked[g] = true;
  checkBlockIndexUses();
  visitRegion(kernel.getBody());
}

/// Every use of a block index, through index arithmetic, must end in a
/// global window offset (where visitCopy checks its form).
void CoarsenAnalysis::checkBlockIndexUses() {
  for (auto [g, index] : llvm::enumerate(kernel.getBlockIndices())) {
    if (g >= kGridDims)
      break;
    SmallVector<Value> work = {index};
    while (!work.empty()) {
      Value v = work.pop_back_val();
      for (OpOperand &use : v.getUses()) {
        Operation *user = use.getOwner();
        if (auto copy = dyn_cast<tl::CopyOp>(user)) {
          bool isOffset = llvm::is_contained(
              copy.getGlobalOffsets(), use.get());
          if (!isOffset)
            blocked[g] = true;
          continue;
        }
        if (isa<arith::ArithDialect>(user->getDialect()) &&
            user->getNumResults() == 1 && user->getNumRegions() == 0) {
          work.push_back(user->getResult(0));
          continue;
        }
        blocked[g] = true;
      }
    }
  }
}

void CoarsenAnalysis::visitRegion(Region &region) {
  for (Operation &op : region.getOps()) {
    if (isa<tl::AllocSharedOp, tl::AllocFragmentOp, tl::ClearOp, tl::FillOp>(
            op) ||
        isa<arith::ArithDialect>(op.getDialect()))
      continue;
    if (auto copy = dyn_cast<tl::CopyOp>(op)) {
      visitCopy(copy);
    } else if (auto gemm = dyn_cast<tl::GemmOp>(op)) {
      visitGemm(gemm);
    } else if (auto reduce = dyn_cast<tl::ReduceOp>(op)) {
      visitReduce(reduce);
    } else if (auto par = dyn_cast<tl::ParallelOp>(op)) {
      visitParallel(par);
    } else if (isa<tl::PipelinedOp>(op)) {
      visitRegion(op.getRegion(0));
    } else {
      blockAll();
    }
  }
}

void CoarsenAnalysis::visitCopy(tl::CopyOp copy) {
  Value local = copy.getLocal();
  Operation *alloc = localAlloc(local);
  auto type = dyn_cast<MemRefType>(local.getType());
  if (!alloc || !type || !type.hasStaticShape())
    return blockAll();
  if (!copy.getGlobal()) {
    // Local to local: an element-wise copy when the shapes agree.
    Operation *other = localAlloc(copy.getSrc() == local ? copy.getDst()
                                                         : copy.getSrc());
    auto otherType = dyn_cast<MemRefType>(
        (copy.getSrc() == local ? copy.getDst() : copy.getSrc()).getType());
    if (!other || !otherType || otherType.getShape() != type.getShape())
      return blockAll();
    for (unsigned d = 0; d < type.getRank(); ++d)
      unite({alloc, d}, {other, d});
    return;
  }
  ValueRange offsets = copy.getGlobalOffsets();
  int64_t lead = int64_t(offsets.size()) - type.getRank();
  if (lead < 0)
    return blockAll();
  for (auto [g, index] : llvm::enumerate(kernel.getBlockIndices())) {
    if (g >= kGridDims)
      break;
    bool moves = false;
    for (auto [d, offset] : llvm::enumerate(offsets)) {
      std::optional<int64_t> c = getIVCoefficient(offset, index);
      if (!c) {
        blocked[g] = true;
        continue;
      }
      int64_t localDim = int64_t(d) - lead;
      if (localDim < 0) {
        // A leading (batch) window of one element cannot grow.
        if (*c != 0)
          blocked[g] = true;
        continue;
      }
      DimSlot slot{alloc, unsigned(localDim)};
      if (*c == 0) {
        forbid(slot, g);
      } else if (*c == type.getDimSize(localDim)) {
        // Neighbouring blocks' windows are adjacent: F of them are one
        // window F times as long.
        mark(slot, g);
        moves = true;
      } else {
        blocked[g] = true;
      }
    }
    if (!moves && copy.isLoad())
      shared[g] = true;
  }
}

void CoarsenAnalysis::visitGemm(tl::GemmOp gemm) {
  Operation *a = localAlloc(gemm.getA()), *b = localAlloc(gemm.getB()),
            *c = localAlloc(gemm.getC());
  if (!a || !b || !c)
    return blockAll();
  unsigned aM = gemm.getTransposeA() ? 1 : 0, aK = 1 - aM;
  unsigned bK = gemm.getTransposeB() ? 1 : 0, bN = 1 - bK;
  unite({a, aM}, {c, 0});
  unite({b, bN}, {c, 1});
  unite({a, aK}, {b, bK});
  forbidAll({a, aK});
}

void CoarsenAnalysis::visitReduce(tl::ReduceOp reduce) {
  Operation *src = localAlloc(reduce.getSrc()), *dst = localAlloc(reduce.getDst());
  auto srcType = cast<MemRefType>(reduce.getSrc().getType());
  auto dstType = cast<MemRefType>(reduce.getDst().getType());
  int64_t dim = reduce.getDim();
  if (!src || !dst || dstType.getRank() != srcType.getRank() - 1 || dim < 0 ||
      dim >= srcType.getRank())
    return blockAll();
  forbidAll({src, unsigned(dim)});
  for (unsigned d = 0, o = 0; d < srcType.getRank(); ++d)
    if (int64_t(d) != dim)
      unite({src, d}, {dst, o++});
}

/// A tl.parallel nest scales with the buffers it indexes by its ivs, when
/// it covers them whole and uses the ivs only as indices.
void CoarsenAnalysis::visitParallel(tl::ParallelOp par) {
  ArrayRef<int64_t> extents = par.getExtents();
  Block &body = par.getBody().front();
  // Index arithmetic nothing uses (left by the frontend's staging of
  // global stores) computes nothing.
  for (BlockArgument iv : body.getArguments())
    for (Operation *user : iv.getUsers())
      if (!isa<memref::LoadOp, memref::StoreOp>(user) &&
          !isOpTriviallyDead(user))
        return blockAll();
  for (Operation &op : body) {
    Value memref;
    ValueRange indices;
    if (auto load = dyn_cast<memref::LoadOp>(op)) {
      memref = load.getMemRef();
      indices = load.getIndices();
    } else if (auto store = dyn_cast<memref::StoreOp>(op)) {
      memref = store.getMemRef();
      indices = store.getIndices();
    } else if (isa<arith::ArithDialect, math::MathDialect>(op.getDialect()) &&
               op.getNumRegions() == 0) {
      continue;
    } else {
      return blockAll();
    }
    Operation *alloc = localAlloc(memref);
    auto type = cast<MemRefType>(memref.getType());
    if (!alloc)
      return blockAll();
    for (auto [d, index] : llvm::enumerate(indices)) {
      auto iv = dyn_cast<BlockArgument>(index);
      if (iv && iv.getOwner() == &body &&
          extents[iv.getArgNumber()] == type.getDimSize(d)) {
        unite({alloc, unsigned(d)}, {par, iv.getArgNumber()});
      } else {
        forbidAll({alloc, unsigned(d)});
        if (iv && iv.getOwner() == &body)
          forbidAll({par, iv.getArgNumber()});
      }
    }
  }
}

/// Bytes of the kernel's circular buffers with the marked dimensions of
/// each local scaled by `factors`; pages per tile as PropagateTTLayout
/// counts them.
int64_t localBytes(const KernelInfo &info, CoarsenAnalysis &analysis,
                   const int64_t factors[kGridDims]) {
  int64_t bytes = 0;
  for (const LocalBuffer &local : info.locals) {
    SmallVector<int64_t> shape(local.type.getShape());
    for (unsigned d = 0; d < shape.size(); ++d)
      if (std::optional<unsigned> g = analysis.markOf({local.alloc, d}))
        shape[d] *= factors[*g];
    std::optional<int64_t> tiles = getLocalTileCount(MemRefType::get(
        shape, local.type.getElementType(), local.type.getLayout(),
        local.type.getMemorySpace()));
    if (!tiles)
      return std::numeric_limits<int64_t>::max();
    int64_t page = kTileDim * kTileDim *
                   std::max<int64_t>(1, local.type.getElementTypeBitWidth() / 8);
    bytes += *tiles * std::max<int64_t>(local.stages, 1) * page;
    // A store to a global of another dtype converts through a staging CB
    // of the local's tiles in the global's format (the lowering adds it).
    for (Operation *user : local.value.getUsers()) {
      auto store = dyn_cast<tl::CopyOp>(user);
      if (!store || !store.isStore())
        continue;
      Type globalType =
          cast<MemRefType>(store.getGlobal().getType()).getElementType();
      if (globalType != local.type.getElementType())
        bytes += *tiles * kTileDim * kTileDim *
                 std::max<int64_t>(1, globalType.getIntOrFloatBitWidth() / 8);
    }
  }
  return bytes;
}

/// Rewrites `kernel` with `best[g]` neighbouring blocks as one along grid
/// dimension g: the grid shrinks, marked buffer and parallel dimensions grow.
void applyFactors(tl::KernelOp kernel, CoarsenAnalysis &analysis,
                  const int64_t best[kGridDims]);

} // namespace

std::pair<int64_t, int64_t>
mlir::tilett::coarsenKernelGrid(func::FuncOp func, int64_t l1Bytes,
                                int64_t coresX, int64_t coresY) {
  std::optional<KernelInfo> info = KernelInfo::analyze(func);
  if (!info || coresX <= 0 || coresY <= 0)
    return {1, 1};
  tl::KernelOp kernel = info->kernel;
  if (kernel.getGrid().size() != kGridDims)
    return {1, 1};
  CoarsenAnalysis analysis(kernel);
  analysis.run();
  ArrayRef<int64_t> grid = kernel.getGrid();
  auto candidates = [&](unsigned g) {
    SmallVector<int64_t> fs = {1};
    if (analysis.coarsenable(g))
      for (int64_t f = 2; f <= kMaxFactor; f *= 2)
        if (grid[g] % f == 0)
          fs.push_back(f);
    return fs;
  };
  // Core time in units of the original block: the blocks the busiest core
  // runs times their size. A kernel with shared loads gets a core grid of
  // the launch grid's shape, clamped to the cores (InferTTLayout), and its
  // blocks are dealt out along each dimension. Ties go to the coarser grid
  // (more sharing), then to the squarer block (a block of fx x fy
  // originals loads fx + fy windows per K step for fx * fy outputs).
  auto ceilDiv = [](int64_t a, int64_t b) { return (a + b - 1) / b; };
  int64_t best[kGridDims] = {1, 1};
  int64_t bestUnits = std::numeric_limits<int64_t>::max(), bestSize = 0,
          bestPerimeter = 0;
  for (int64_t fx : candidates(0))
    for (int64_t fy : candidates(1)) {
      int64_t size = fx * fy;
      int64_t bx = grid[0] / fx, by = grid[1] / fy;
      int64_t units = ceilDiv(bx, std::min(coresX, bx)) *
                      ceilDiv(by, std::min(coresY, by)) * size;
      int64_t factors[kGridDims] = {fx, fy};
      // Half of L1 at the K step as written: the K blocking after this
      // needs the rest to widen the steps (a block that fills L1 at one K
      // tile a step streams K in short bursts and loses what it shared).
      if (size > 1 && localBytes(*info, analysis, factors) > l1Bytes / 2)
        continue;
      if (units < bestUnits || (units == bestUnits && size > bestSize) ||
          (units == bestUnits && size == bestSize &&
           fx + fy < bestPerimeter)) {
        bestUnits = units;
        bestSize = size;
        bestPerimeter = fx + fy;
        best[0] = fx;
        best[1] = fy;
      }
    }
  if (best[0] * best[1] == 1)
    return {1, 1};
  applyFactors(kernel, analysis, best);
  return {best[0], best[1]};
}

LogicalResult mlir::tilett::groupThinBlocks(func::FuncOp func) {
  std::optional<KernelInfo> info = KernelInfo::analyze(func);
  if (!info)
    return success();
  tl::KernelOp kernel = info->kernel;
  CoarsenAnalysis analysis(kernel);
  analysis.run();
  ArrayRef<int64_t> grid = kernel.getGrid();
  int64_t factors[kGridDims] = {1, 1};
  for (unsigned g = 0; g < kGridDims && g < grid.size(); ++g) {
    // The smallest factor that makes every tile dimension moving with g a
    // whole number of tiles: a block of r rows needs 32 / gcd(r, 32) of
    // its neighbours beside it.
    int64_t factor = 1;
    for (const LocalBuffer &local : info->locals) {
      ArrayRef<int64_t> shape = local.type.getShape();
      for (unsigned d = 0; d < shape.size(); ++d) {
        bool tileDim = d + 2 >= shape.size();
        if (!tileDim || analysis.markOf({local.alloc, d}) != g ||
            shape[d] % kTileDim == 0)
          continue;
        factor = std::lcm(factor, kTileDim / std::gcd(shape[d], kTileDim));
      }
    }
    // Not groupable, or a ragged last group: PropagateTTLayout's window
    // check reports the thin window in the script's terms.
    if (factor > 1 && analysis.groupable(g) && grid[g] % factor == 0)
      factors[g] = factor;
  }
  if (factors[0] * factors[1] > 1)
    applyFactors(kernel, analysis, factors);
  return success();
}

namespace {

void applyFactors(tl::KernelOp kernel, CoarsenAnalysis &analysis,
                  const int64_t best[kGridDims]) {
  ArrayRef<int64_t> grid = kernel.getGrid();
  // Rewrite: the grid shrinks, marked buffer and parallel dimensions grow,
  // and block index g reads as F_g times the coarse index, so that every
  // window offset c * b_g becomes c * F_g * b'_g.
  SmallVector<Operation *> scaled;
  kernel.walk([&](Operation *op) {
    if (isa<tl::AllocSharedOp, tl::AllocFragmentOp, tl::ParallelOp>(op))
      scaled.push_back(op);
  });
  for (Operation *op : scaled) {
    if (auto par = dyn_cast<tl::ParallelOp>(op)) {
      SmallVector<int64_t> extents(par.getExtents());
      for (unsigned d = 0; d < extents.size(); ++d)
        if (std::optional<unsigned> g = analysis.markOf({op, d}))
          extents[d] *= best[*g];
      par.setExtents(extents);
      continue;
    }
    auto type = cast<MemRefType>(op->getResult(0).getType());
    SmallVector<int64_t> shape(type.getShape());
    for (unsigned d = 0; d < shape.size(); ++d)
      if (std::optional<unsigned> g = analysis.markOf({op, d}))
        shape[d] *= best[*g];
    op->getResult(0).setType(MemRefType::get(shape, type.getElementType(),
                                             type.getLayout(),
                                             type.getMemorySpace()));
  }
  SmallVector<int64_t> newGrid(grid);
  OpBuilder builder = OpBuilder::atBlockBegin(&kernel.getBody().front());
  for (unsigned g = 0; g < kGridDims && g < grid.size(); ++g) {
    if (best[g] == 1)
      continue;
    newGrid[g] /= best[g];
    Value index = kernel.getBlockIndices()[g];
    Value factor = arith::ConstantIndexOp::create(builder, kernel.getLoc(),
                                                  best[g]);
    Value first = arith::MulIOp::create(builder, kernel.getLoc(), index,
                                        factor);
    index.replaceAllUsesExcept(first, first.getDefiningOp());
  }
  kernel.setGrid(newGrid);
}

} // namespace
