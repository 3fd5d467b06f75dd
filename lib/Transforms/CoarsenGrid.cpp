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
#include "tilett/Dialect/TT/IR/TTDialect.h"
#include "tilett/Transforms/KernelAnalysis.h"
#include "tilett/Transforms/Multicast.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/EquivalenceClasses.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <numeric>
#include <tuple>

using namespace mlir;
using namespace mlir::tilett;

namespace {

constexpr unsigned kGridDims = 2;

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
  /// Extent of the windows that move with grid dimension g (the
  /// coefficient of its block index in their offsets); 0 when they differ.
  int64_t windowExtent(unsigned g) const { return extent[g]; }
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
  void mark(DimSlot slot, unsigned g, int64_t windowExtent) {
    extent[g] = extent[g] < 0 || extent[g] == windowExtent ? windowExtent : 0;
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
  /// See windowExtent(); -1 before the first window.
  int64_t extent[kGridDims] = {-1, -1};
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
        mark(slot, g, *c);
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

/// A per-core block along one grid dimension: num / den times the
/// TileLang block. den > 1 regroups blocks at tile granularity (3.5
/// blocks of 4 tiles as one of 14): the windows still tile the global
/// buffer the same way, each output element keeps its sums.
struct Factor {
  int64_t num = 1, den = 1;
  /// `v` scaled, if the result is whole.
  std::optional<int64_t> scale(int64_t v) const {
    if ((v * num) % den != 0)
      return std::nullopt;
    return v * num / den;
  }
};

/// `shape` of `op`'s buffer or nest with its marked dimensions scaled;
/// std::nullopt when one is not whole, or, regrouped (den > 1), not whole
/// tiles.
std::optional<SmallVector<int64_t>>
scaledShape(CoarsenAnalysis &analysis, Operation *op, ArrayRef<int64_t> shape,
            const Factor factors[kGridDims]) {
  SmallVector<int64_t> out(shape);
  for (unsigned d = 0; d < out.size(); ++d) {
    std::optional<unsigned> g = analysis.markOf({op, d});
    if (!g)
      continue;
    std::optional<int64_t> v = factors[*g].scale(out[d]);
    if (!v || (factors[*g].den != 1 && *v % kTileDim != 0))
      return std::nullopt;
    out[d] = *v;
  }
  return out;
}

/// Bytes of the kernel's circular buffers with the marked dimensions of
/// each local scaled by `factors`; pages per tile as PropagateTTLayout
/// counts them. std::nullopt when a buffer does not scale to whole tiles.
std::optional<int64_t> localBytes(const KernelInfo &info,
                                  CoarsenAnalysis &analysis,
                                  const Factor factors[kGridDims]) {
  int64_t bytes = 0;
  for (const LocalBuffer &local : info.locals) {
    std::optional<SmallVector<int64_t>> shape =
        scaledShape(analysis, local.alloc, local.type.getShape(), factors);
    if (!shape)
      return std::nullopt;
    std::optional<int64_t> tiles = getLocalTileCount(
        MemRefType::get(*shape, local.type.getElementType(),
                        local.type.getLayout(), local.type.getMemorySpace()));
    if (!tiles)
      return std::nullopt;
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

/// Cycles a core spends per byte of a load it reads from DRAM and
/// multicasts to its row or column (runtime/docs/COST_MODEL.md): the NOC
/// port carries the read (32 B/cycle on Wormhole, 64 on Blackhole) and is
/// held again by the multicast (0.0378 + 0.0047 s cycles a byte on
/// Wormhole, 0.0177 + 0.0018 s on Blackhole, s = sqrt(destinations) - 2,
/// about 0.6 and 1 for a row of the full grid).
double sharedLoadCyclesPerByte(tt::Arch arch) {
  return arch == tt::Arch::Blackhole ? 1.0 / 64 + 0.0177 + 0.0018
                                     : 1.0 / 32 + 0.0378 + 0.0047 * 0.6;
}

/// MATH cycles of one HiFi4 32x32x32 tile product (COST_MODEL.md:
/// 16 x 4 phases plus the issue overhead).
constexpr double kTileProductCycles = 69;

/// Rewrites `kernel` with `best[g]` neighbouring blocks as one along grid
/// dimension g (whole factors, any grid rank): the grid shrinks, marked
/// buffer and parallel dimensions grow, block index g reads as F_g times
/// the coarse index. (coarsenKernelGrid's regrouping rewrites the offsets
/// instead, which whole factors of thin blocks do not need.)
void applyFactors(tl::KernelOp kernel, CoarsenAnalysis &analysis,
                  const int64_t best[kGridDims]);

} // namespace

bool mlir::tilett::coarsenKernelGrid(func::FuncOp func, int64_t l1Bytes,
                                     int64_t coresX, int64_t coresY) {
  std::optional<KernelInfo> info = KernelInfo::analyze(func);
  if (!info || coresX <= 0 || coresY <= 0)
    return false;
  tl::KernelOp kernel = info->kernel;
  if (kernel.getGrid().size() != kGridDims || !info->firstStore)
    return false;
  CoarsenAnalysis analysis(kernel);
  analysis.run();
  SmallVector<int64_t> grid(kernel.getGrid());
  const LocalBuffer *out = info->findLocal(info->firstStore.getLocal());
  if (!out)
    return false;
  auto module = func->getParentOfType<ModuleOp>();
  auto archAttr =
      module ? module->getAttrOfType<tt::ArchAttr>(tt::TTDialect::kArchAttrName)
             : tt::ArchAttr();
  tt::Arch arch = archAttr ? archAttr.getValue() : tt::Arch::WormholeB0;
  tt::ArchInfo archInfo = tt::getArchInfo(arch);

  // The new grid extents tried along g: with windows of one extent w in
  // whole tiles, every divisor of the tiles they cover (grid * w / 32) up
  // to the grid, i.e. per-core blocks of any whole number of tiles, at
  // least the TileLang block, that tile the same range; otherwise whole
  // multiples of the block. (Splitting blocks below the TileLang block
  // would be as legal; it is not tried.)
  auto candidates = [&](unsigned g) {
    SmallVector<int64_t> ns;
    if (!analysis.coarsenable(g))
      return SmallVector<int64_t>{grid[g]};
    int64_t w = analysis.windowExtent(g);
    int64_t units =
        w > 0 && w % kTileDim == 0 ? grid[g] * (w / kTileDim) : grid[g];
    for (int64_t n = 1; n <= grid[g]; ++n)
      if (units % n == 0 && ((w > 0 && w % kTileDim == 0) || grid[g] % n == 0))
        ns.push_back(n);
    return ns;
  };
  auto factorFor = [&](unsigned g, int64_t n) {
    int64_t d = std::gcd(grid[g], n);
    return Factor{grid[g] / d, n / d};
  };
  // Every window offset's coefficient of the block index must scale to a
  // whole number of elements.
  auto offsetsScale = [&](unsigned g, const Factor &f) {
    Value index = kernel.getBlockIndices()[g];
    bool ok = true;
    kernel.walk([&](tl::CopyOp copy) {
      if (!copy.getGlobal())
        return;
      for (Value offset : copy.getGlobalOffsets()) {
        std::optional<int64_t> c = getIVCoefficient(offset, index);
        ok &= c && f.scale(*c).has_value();
      }
    });
    return ok;
  };

  // Rank by a first-order model of the busiest core (the cores of a
  // cyclic grid, InferTTLayout and TTTilesToCoreMap: the largest divisor
  // of the new grid that fits, so that rows and columns run in lock step):
  // each of its blocks takes its tile products or, at the core sending
  // both shared loads, their DRAM reads and multicasts, whichever is
  // longer; after its last block every busy core writes that block out at
  // once, which the DRAM bandwidth bounds. More blocks a core hide more of
  // the output writes behind the next block's compute but share less.
  std::array<int64_t, 3> loadBytes = getBlockLoadBytes(kernel);
  // K tiles of the gemm (1 without one: the block's own work).
  int64_t kTiles = std::max<int64_t>(1, getReductionTiles(kernel));
  Type outType =
      cast<MemRefType>(info->firstStore.getGlobal().getType()).getElementType();
  int64_t outTileBytes =
      kTileDim * kTileDim *
      std::max<int64_t>(1, outType.getIntOrFloatBitWidth() / 8);
  auto estimate =
      [&](int64_t nx, int64_t ny,
          const Factor factors[kGridDims]) -> std::optional<double> {
    std::optional<SmallVector<int64_t>> shape =
        scaledShape(analysis, out->alloc, out->type.getShape(), factors);
    if (!shape)
      return std::nullopt;
    std::optional<int64_t> outTiles = getLocalTileCount(
        MemRefType::get(*shape, out->type.getElementType(),
                        out->type.getLayout(), out->type.getMemorySpace()));
    if (!outTiles)
      return std::nullopt;
    int64_t px = largestDivisorAtMost(nx, coresX);
    int64_t py = largestDivisorAtMost(ny, coresY);
    double perCore = double(nx / px) * double(ny / py);
    double fx = double(factors[0].num) / factors[0].den;
    double fy = double(factors[1].num) / factors[1].den;
    double compute = double(*outTiles) * kTiles * kTileProductCycles;
    double shared =
        (loadBytes[0] * fy + loadBytes[1] * fx + loadBytes[2] * fx * fy) *
        sharedLoadCyclesPerByte(arch);
    double drain =
        double(px * py) * *outTiles * outTileBytes / archInfo.dramBytesPerCycle;
    return perCore * std::max(compute, shared) + drain;
  };

  Factor best[kGridDims];
  int64_t bestGrid[kGridDims] = {grid[0], grid[1]};
  std::optional<double> bestCycles;
  for (int64_t nx : candidates(0))
    for (int64_t ny : candidates(1)) {
      Factor factors[kGridDims] = {factorFor(0, nx), factorFor(1, ny)};
      if (!offsetsScale(0, factors[0]) || !offsetsScale(1, factors[1]))
        continue;
      std::optional<int64_t> bytes = localBytes(*info, analysis, factors);
      bool unchanged = nx == grid[0] && ny == grid[1];
      // Half of L1 at the K step as written: the K blocking after this
      // needs the rest to widen the steps (a block that fills L1 at one K
      // tile a step streams K in short bursts and loses what it shared).
      if (!unchanged && (!bytes || *bytes > l1Bytes / 2))
        continue;
      std::optional<double> cycles = estimate(nx, ny, factors);
      if (!cycles)
        continue;
      // Ties go to the coarser grid (more sharing), then the squarer block.
      auto key = [&](int64_t x, int64_t y, double c) {
        return std::make_tuple(
            c, x * y, std::abs(grid[0] / double(x) - grid[1] / double(y)));
      };
      if (!bestCycles ||
          key(nx, ny, *cycles) < key(bestGrid[0], bestGrid[1], *bestCycles)) {
        bestCycles = cycles;
        best[0] = factors[0];
        best[1] = factors[1];
        bestGrid[0] = nx;
        bestGrid[1] = ny;
      }
    }
  if (bestGrid[0] == grid[0] && bestGrid[1] == grid[1])
    return false;

  // Rewrite: the grid changes, marked buffer and parallel dimensions scale,
  // and each window offset c * b_g + r becomes (c * F_g) * b'_g + r: the
  // block index is replaced by zero in what computes the offsets (every
  // use of it ends in one, and each is affine in it: checked above), and
  // the scaled term is added back at each copy.
  SmallVector<Operation *> scaled;
  kernel.walk([&](Operation *op) {
    if (isa<tl::AllocSharedOp, tl::AllocFragmentOp, tl::ParallelOp>(op))
      scaled.push_back(op);
  });
  for (Operation *op : scaled) {
    if (auto par = dyn_cast<tl::ParallelOp>(op)) {
      par.setExtents(*scaledShape(analysis, op, par.getExtents(), best));
      continue;
    }
    auto type = cast<MemRefType>(op->getResult(0).getType());
    op->getResult(0).setType(MemRefType::get(
        *scaledShape(analysis, op, type.getShape(), best),
        type.getElementType(), type.getLayout(), type.getMemorySpace()));
  }
  OpBuilder builder = OpBuilder::atBlockBegin(&kernel.getBody().front());
  Location loc = kernel.getLoc();
  for (unsigned g = 0; g < kGridDims; ++g) {
    if (bestGrid[g] == grid[g])
      continue;
    Value index = kernel.getBlockIndices()[g];
    struct Scaled {
      tl::CopyOp copy;
      unsigned operand;
      int64_t coefficient;
    };
    SmallVector<Scaled> offsets;
    kernel.walk([&](tl::CopyOp copy) {
      if (!copy.getGlobal())
        return;
      MutableOperandRange range = copy.isLoad() ? copy.getSrcOffsetsMutable()
                                                : copy.getDstOffsetsMutable();
      for (unsigned i = 0; i < range.size(); ++i) {
        int64_t c = *getIVCoefficient(range[i].get(), index);
        if (c != 0)
          offsets.push_back({copy, i, *best[g].scale(c)});
      }
    });
    Value zero = arith::ConstantIndexOp::create(builder, loc, 0);
    index.replaceAllUsesWith(zero);
    for (Scaled &s : offsets) {
      OpBuilder at(s.copy);
      MutableOperandRange range = s.copy.isLoad()
                                      ? s.copy.getSrcOffsetsMutable()
                                      : s.copy.getDstOffsetsMutable();
      Value rest = range[s.operand].get();
      Value step = arith::MulIOp::create(
          at, loc, index,
          arith::ConstantIndexOp::create(at, loc, s.coefficient));
      range[s.operand].set(arith::AddIOp::create(at, loc, step, rest));
    }
  }
  kernel.setGrid(SmallVector<int64_t>{bestGrid[0], bestGrid[1]});
  return true;
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

LogicalResult mlir::tilett::applyBlockFactor(func::FuncOp func, int64_t fx,
                                             int64_t fy) {
  if (fx == 1 && fy == 1)
    return success();
  std::string option = llvm::formatv("block-factor {0}x{1}", fx, fy).str();
  std::optional<KernelInfo> info = KernelInfo::analyze(func);
  if (!info)
    return func.emitError() << option << ": '" << func.getSymName()
                            << "' has no tl.kernel whose blocks it could group";
  tl::KernelOp kernel = info->kernel;
  CoarsenAnalysis analysis(kernel);
  analysis.run();
  ArrayRef<int64_t> grid = kernel.getGrid();
  auto gridText = [&] {
    return "[" +
           llvm::join(llvm::map_range(
                          grid, [](int64_t n) { return std::to_string(n); }),
                      ", ") +
           "]";
  };
  const int64_t factors[kGridDims] = {fx, fy};
  const char *const names[kGridDims] = {"first (bx)", "second (by)"};
  for (unsigned g = 0; g < kGridDims; ++g) {
    if (factors[g] == 1)
      continue;
    if (g >= grid.size())
      return kernel.emitError() << option << " groups blocks along the grid's "
                                << names[g] << " dimension but the kernel grid "
                                << gridText() << " has " << grid.size();
    if (grid[g] % factors[g] != 0)
      return kernel.emitError()
             << option << " does not divide the kernel grid " << gridText()
             << ": its " << names[g] << " dimension has " << grid[g]
             << " blocks, not a multiple of " << factors[g];
    // The analysis keeps no reason per dimension; the rule is the header's.
    if (!analysis.groupable(g))
      return kernel.emitError()
             << option << " cannot group the kernel's blocks along the grid's "
             << names[g]
             << " dimension: its block index must only offset windows that "
                "advance by their own extent, and the buffer dimensions those "
                "windows scale must not be a GEMM's K, a reduced dimension or "
                "an index a T.Parallel computes with";
  }
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
