//===- TTTilesToCoreMap.cpp - Split the output tile space over cores ------===//
//
// Third of the five passes: one work item per launch block (the kernel's
// output block, in tiles, with its reduction length), assigned to the cores
// of `tt.core_ranges` by the chosen strategy; `tt.core_ranges` is then
// narrowed to the cores that got work (IR_CONTRACTS.md, "After
// TTTilesToCoreMap").
//
//===----------------------------------------------------------------------===//

#include "tilett/Transforms/KernelAnalysis.h"
#include "tilett/Transforms/Multicast.h"
#include "tilett/Transforms/Passes.h"

#include <limits>
#include <map>

namespace mlir::tilett {
#define GEN_PASS_DEF_TTTILESTOCOREMAP
#include "tilett/Transforms/Passes.h.inc"
} // namespace mlir::tilett

namespace mlir::tilett {
namespace {

using Core = std::pair<int64_t, int64_t>; // (x, y)

/// Launch blocks a partition may list.
constexpr int64_t kMaxLaunchBlocks = int64_t(1) << 20;
using Block = std::pair<int64_t, int64_t>; // (bx, by)

/// Cores ordered row by row (y outer, x inner), as the plan lists them.
struct CoreOrder {
  bool operator()(const Core &a, const Core &b) const {
    return std::tie(a.second, a.first) < std::tie(b.second, b.first);
  }
};
using Assignment = std::map<Core, SmallVector<Block>, CoreOrder>;

/// Start of part `i` when `n` things are split into `parts` as evenly as
/// possible, the first `n mod parts` parts taking one extra.
int64_t partStart(int64_t n, int64_t parts, int64_t i) {
  return i * (n / parts) + std::min(i, n % parts);
}

/// Busy cores as disjoint rectangles: maximal runs per row, merged with the
/// identical run of the row above so full-width blocks stay one range.
SmallVector<Attribute> coverCores(MLIRContext *ctx, const Assignment &busy) {
  std::map<int64_t, SmallVector<int64_t>> rows;
  for (const auto &[core, items] : busy)
    rows[core.second].push_back(core.first);
  struct Rect {
    int64_t sx, sy, ex, ey;
  };
  SmallVector<Rect> rects;
  for (auto &[y, xs] : rows) {
    llvm::sort(xs);
    for (size_t i = 0; i < xs.size();) {
      size_t j = i + 1;
      while (j < xs.size() && xs[j] == xs[j - 1] + 1)
        ++j;
      int64_t sx = xs[i], ex = static_cast<int64_t>(j - i);
      auto above = llvm::find_if(rects, [&](const Rect &r) {
        return r.sx == sx && r.ex == ex && r.sy + r.ey == y;
      });
      if (above != rects.end())
        ++above->ey;
      else
        rects.push_back({sx, y, ex, 1});
      i = j;
    }
  }
  SmallVector<Attribute> ranges;
  for (const Rect &r : rects)
    ranges.push_back(tt::CoreRangeAttr::get(ctx, r.sx, r.sy, r.ex, r.ey));
  return ranges;
}

/// The launch grid as (bx, by), a 3-D grid's z stacked along y.
std::pair<int64_t, int64_t> getGrid2D(tl::KernelOp kernel) {
  ArrayRef<int64_t> launch = kernel.getGrid();
  int64_t bx = launch.empty() ? 1 : launch[0];
  int64_t by = launch.size() > 1 ? launch[1] : 1;
  if (launch.size() == 3)
    by *= launch[2];
  return {bx, by};
}

/// The one rectangle of `ranges`, or null.
tt::CoreRangeAttr getSingleRange(ArrayAttr ranges) {
  return ranges && ranges.size() == 1 ? dyn_cast<tt::CoreRangeAttr>(ranges[0])
                                      : tt::CoreRangeAttr();
}

class TTTilesToCoreMap : public impl::TTTilesToCoreMapBase<TTTilesToCoreMap> {
public:
  using TTTilesToCoreMapBase::TTTilesToCoreMapBase;

  void runOnOperation() final {
    std::optional<tt::PartitionStrategy> parsed =
        getPartitionStrategy(strategy);
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      std::optional<KernelInfo> kernel = KernelInfo::analyze(func);
      if (kernel &&
          failed(partition(*kernel, parsed ? *parsed : chooseStrategy(*kernel))))
        return signalPassFailure();
    }
  }

private:
  /// The strategy `auto` picks for `kernel`: cyclic_2d when some load is
  /// shared by a row or column of blocks (so that multicast can share it)
  /// and the cyclic grid keeps at least 3/4 of the cores the contiguous
  /// split would use busy; contiguous otherwise.
  tt::PartitionStrategy chooseStrategy(KernelInfo &kernel);
  LogicalResult partition(KernelInfo &kernel, tt::PartitionStrategy strategy);
  FailureOr<Assignment> assignCyclic2D(KernelInfo &kernel, ArrayAttr ranges,
                                       int64_t bx, int64_t by);
  FailureOr<Assignment> assignContiguous(ArrayRef<Core> cores, int64_t bx,
                                         int64_t by);
  FailureOr<Assignment> checkGiven(func::FuncOp func, DictionaryAttr given,
                                   int64_t bx, int64_t by, int64_t lenM,
                                   int64_t lenN, int64_t lenK);
  FailureOr<Assignment> assignBlock2D(KernelInfo &kernel, ArrayAttr ranges,
                                      int64_t bx, int64_t by);
  FailureOr<Assignment> assignOwnerComputes(KernelInfo &kernel,
                                            tt::CoreGridAttr grid, int64_t bx,
                                            int64_t by, int64_t lenM,
                                            int64_t lenN);
};

FailureOr<Assignment>
TTTilesToCoreMap::assignContiguous(ArrayRef<Core> cores, int64_t bx,
                                   int64_t by) {
  Assignment result;
  int64_t n = bx * by, parts = static_cast<int64_t>(cores.size());
  for (int64_t c = 0; c < parts; ++c)
    for (int64_t b = partStart(n, parts, c); b < partStart(n, parts, c + 1);
         ++b)
      result[cores[c]].push_back({b % bx, b / bx});
  return result;
}

/// Checks a `tt.work_partition` present on input (user intent or an
/// upgraded legacy schedule): every item is one launch block of this kernel
/// and every block is covered exactly once.
FailureOr<Assignment>
TTTilesToCoreMap::checkGiven(func::FuncOp func, DictionaryAttr given,
                             int64_t bx, int64_t by, int64_t lenM, int64_t lenN,
                             int64_t lenK) {
  Assignment result;
  std::map<Block, std::string> owner;
  for (NamedAttribute entry : given) {
    auto core = tt::parseCoreKey(entry.getName().getValue());
    auto items = dyn_cast<ArrayAttr>(entry.getValue());
    if (!core || !items)
      return func.emitError() << "expected tt.work_partition entries \"(x,y)\" "
                                 "= [#tt.work_item...] but got "
                              << entry.getName() << " = " << entry.getValue();
    for (Attribute attr : items) {
      auto item = dyn_cast<tt::WorkItemAttr>(attr);
      if (!item)
        return func.emitError()
               << "expected #tt.work_item in tt.work_partition but got " << attr;
      if (item.getLenM() != lenM || item.getLenN() != lenN ||
          item.getLenK() != lenK || item.getIo() % lenM != 0 ||
          item.getJo() % lenN != 0)
        return func.emitError()
               << "expected every tt.work_partition item to be one launch "
                  "block (len_m = "
               << lenM << ", len_n = " << lenN << ", len_k = " << lenK
               << ", io a multiple of " << lenM << ", jo a multiple of "
               << lenN << ") but core " << entry.getName() << " has " << item;
      Block block{item.getJo() / lenN, item.getIo() / lenM};
      if (block.first >= bx || block.second >= by)
        return func.emitError()
               << "tt.work_partition item " << item << " of core "
               << entry.getName() << " is block (" << block.first << ", "
               << block.second << "), outside the launch grid " << bx << "x"
               << by;
      auto [it, inserted] =
          owner.try_emplace(block, entry.getName().getValue().str());
      if (!inserted)
        return func.emitError()
               << "tt.work_partition lists block (" << block.first << ", "
               << block.second << ") twice (cores " << it->second << " and "
               << entry.getName().getValue() << ")";
      result[*core].push_back(block);
    }
  }
  for (int64_t y = 0; y < by; ++y)
    for (int64_t x = 0; x < bx; ++x)
      if (!owner.count({x, y}))
        return func.emitError() << "tt.work_partition has no item for block ("
                                << x << ", " << y << ")";
  return result;
}

FailureOr<Assignment> TTTilesToCoreMap::assignBlock2D(KernelInfo &kernel,
                                                      ArrayAttr ranges,
                                                      int64_t bx, int64_t by) {
  auto range = getSingleRange(ranges);
  if (!range)
    return kernel.func.emitError()
           << "strategy=block_2d needs tt.core_ranges to be one rectangle but "
              "got "
           << ranges;
  // Split the block grid into px x py rectangles, one per core, so that a
  // core's blocks share rows of A and columns of B.
  int64_t px = std::min(range.getEx(), bx), py = std::min(range.getEy(), by);
  Assignment result;
  for (int64_t cy = 0; cy < py; ++cy)
    for (int64_t cx = 0; cx < px; ++cx) {
      Core core{range.getSx() + cx, range.getSy() + cy};
      for (int64_t y = partStart(by, py, cy); y < partStart(by, py, cy + 1); ++y)
        for (int64_t x = partStart(bx, px, cx); x < partStart(bx, px, cx + 1);
             ++x)
          result[core].push_back({x, y});
    }
  return result;
}

/// First-order device time of a schedule, in core cycles: the busiest
/// core's matmul tiles at the HiFi4 rate, or the program's DRAM reads at
/// the card's bandwidth, whichever is longer (both overlap on the device).
static double estimateCycles(int64_t blocksPerCore, int64_t lenM, int64_t lenN,
                             int64_t lenK, double dramBytes,
                             const tt::ArchInfo &arch) {
  constexpr double kHiFi4CyclesPerTile = 64; // 16 per fidelity phase
  double compute = double(blocksPerCore) * lenM * lenN * std::max<int64_t>(
                                                             lenK, 1) *
                   kHiFi4CyclesPerTile;
  return std::max(compute, dramBytes / arch.dramBytesPerCycle);
}

tt::PartitionStrategy TTTilesToCoreMap::chooseStrategy(KernelInfo &kernel) {
  auto range = getSingleRange(kernel.func->getAttrOfType<ArrayAttr>(
      tt::TTDialect::kCoreRangesAttrName));
  if (!range || kernel.func->hasAttr(tt::TTDialect::kWorkPartitionAttrName) ||
      !hasSharedLoad(kernel.kernel))
    return tt::PartitionStrategy::Contiguous;
  auto [bx, by] = getGrid2D(kernel.kernel);
  int64_t px = largestDivisorAtMost(bx, range.getEx());
  int64_t py = largestDivisorAtMost(by, range.getEy());
  if (std::max(px, py) < 2)
    return tt::PartitionStrategy::Contiguous;
  // Rank the two candidates: contiguous keeps every core busy but each
  // block reads all its tiles; cyclic_2d may leave cores idle (px and py
  // divide the grid) but a row (column) of cores reads a shared load once.
  auto module = kernel.func->getParentOfType<ModuleOp>();
  auto archAttr = module ? module->getAttrOfType<tt::ArchAttr>(
                               tt::TTDialect::kArchAttrName)
                         : tt::ArchAttr();
  tt::ArchInfo arch = tt::getArchInfo(archAttr ? archAttr.getValue()
                                               : tt::Arch::WormholeB0);
  auto extent = kernel.firstStore
                    ? getLocalTileExtent(
                          cast<MemRefType>(kernel.firstStore.getSrc().getType()))
                    : std::nullopt;
  if (!extent)
    return tt::PartitionStrategy::Contiguous;
  int64_t lenK = getReductionTiles(kernel.kernel);
  std::array<int64_t, 3> bytes = getBlockLoadBytes(kernel.kernel);
  int64_t blocks = bx * by;
  int64_t cores = std::min(blocks, range.getEx() * range.getEy());
  double contiguous = estimateCycles(
      (blocks + cores - 1) / cores, extent->first, extent->second, lenK,
      double(blocks) * (bytes[0] + bytes[1] + bytes[2]), arch);
  double cyclic = estimateCycles(
      blocks / (px * py), extent->first, extent->second, lenK,
      double(blocks) * (double(bytes[0]) / px + double(bytes[1]) / py +
                        bytes[2]),
      arch);
  if (reportImbalance)
    kernel.func.emitRemark() << "schedule estimate: contiguous on " << cores
                             << " cores " << int64_t(contiguous)
                             << " cycles, cyclic_2d on " << px << "x" << py
                             << " cores " << int64_t(cyclic) << " cycles";
  return cyclic <= contiguous ? tt::PartitionStrategy::Cyclic2D
                              : tt::PartitionStrategy::Contiguous;
}

FailureOr<Assignment> TTTilesToCoreMap::assignCyclic2D(KernelInfo &kernel,
                                                       ArrayAttr ranges,
                                                       int64_t bx, int64_t by) {
  auto range = getSingleRange(ranges);
  if (!range)
    return kernel.func.emitError()
           << "strategy=cyclic_2d needs tt.core_ranges to be one rectangle "
              "but got "
           << ranges;
  // A px x py grid of cores dealt the blocks cyclically: core (cx, cy) runs
  // blocks (cx + px * i, cy + py * j), j outer and i inner, so at every step
  // a row of cores works on one by (sharing A-like loads) and a column on
  // one bx (sharing B-like loads). px and py divide the grid so that every
  // core has the same number of blocks and rows run in lock step.
  int64_t px = largestDivisorAtMost(bx, range.getEx());
  int64_t py = largestDivisorAtMost(by, range.getEy());
  Assignment result;
  for (int64_t cy = 0; cy < py; ++cy)
    for (int64_t cx = 0; cx < px; ++cx) {
      Core core{range.getSx() + cx, range.getSy() + cy};
      for (int64_t y = cy; y < by; y += py)
        for (int64_t x = cx; x < bx; x += px)
          result[core].push_back({x, y});
    }
  return result;
}

FailureOr<Assignment> TTTilesToCoreMap::assignOwnerComputes(
    KernelInfo &kernel, tt::CoreGridAttr grid, int64_t bx, int64_t by,
    int64_t lenM, int64_t lenN) {
  func::FuncOp func = kernel.func;
  std::string output = tl::getBufferName(kernel.firstStore.getDst());
  auto layouts =
      func->getAttrOfType<DictionaryAttr>(tt::TTDialect::kLayoutDescAttrName);
  auto desc = dyn_cast_or_null<tt::LayoutDescAttr>(layouts.get(output));
  if (!desc || !desc.isSharded())
    return func.emitError() << "strategy=owner_computes needs a sharded output "
                               "buffer but '"
                            << output << "' is interleaved";
  int64_t shardRows = desc.getShardShape()[0];
  int64_t shardCols = desc.getShardShape()[1];
  int64_t shardGx = desc.getShardGrid()[0];
  Assignment result;
  for (int64_t y = 0; y < by; ++y)
    for (int64_t x = 0; x < bx; ++x) {
      // The owner is the core holding the shard of the block's first element.
      int64_t row = y * lenM * 32, col = x * lenN * 32;
      Core core;
      switch (desc.getLayout()) {
      case tt::BufferLayout::HeightSharded:
        core = {(row / shardRows) % shardGx, (row / shardRows) / shardGx};
        break;
      case tt::BufferLayout::WidthSharded:
        core = {(col / shardCols) % shardGx, (col / shardCols) / shardGx};
        break;
      default:
        core = {col / shardCols, row / shardRows};
        break;
      }
      if (core.first >= grid.getGx() || core.second >= grid.getGy())
        return func.emitError()
               << "block (" << x << ", " << y << ") of '" << output
               << "' is owned by core " << tt::formatCoreKey(core.first,
                                                             core.second)
               << ", outside the core grid " << grid;
      result[core].push_back({x, y});
    }
  return result;
}

LogicalResult TTTilesToCoreMap::partition(KernelInfo &kernel,
                                          tt::PartitionStrategy strategy) {
  func::FuncOp func = kernel.func;
  MLIRContext *ctx = func.getContext();
  auto grid =
      func->getAttrOfType<tt::CoreGridAttr>(tt::TTDialect::kCoreGridAttrName);
  auto ranges =
      func->getAttrOfType<ArrayAttr>(tt::TTDialect::kCoreRangesAttrName);
  if (!grid || !ranges)
    return func.emitError() << "expected tt.core_grid and tt.core_ranges on "
                               "kernel function; run tt-infer-layout first";
  if (!func->hasAttr(tt::TTDialect::kCBDescAttrName))
    return func.emitError() << "expected tt.cb_desc on kernel function; run "
                               "tt-propagate-layout first";

  ArrayRef<int64_t> launch = kernel.kernel.getGrid();
  if (launch.size() > 3)
    return kernel.kernel.emitOpError()
           << "expected a 1-D, 2-D or 3-D launch grid but got "
           << launch.size() << "-D";
  if (!kernel.firstStore)
    return func.emitError() << "expected the kernel to store a block to a "
                               "global buffer, but it has no store tl.copy";
  const LocalBuffer *block = kernel.findLocal(kernel.firstStore.getSrc());
  if (!block)
    return kernel.firstStore.emitOpError()
           << "expected the stored block to be a tl.alloc_* buffer";
  auto extent = getLocalTileExtent(block->type);
  if (!extent)
    return block->alloc->emitOpError()
           << "expected a tile-aligned output block but got " << block->type;
  auto [lenM, lenN] = *extent;
  int64_t lenK = getReductionTiles(kernel.kernel);
  // A 3-D grid is partitioned as 2-D with its z blocks stacked along y
  // (block (x, y, z) is row z * gy + y): the work item's io is then the
  // tile row in the output viewed with its leading dims folded into rows,
  // the order its tiles are laid out in.
  // Bounded before any per-block work, which lists every block. The bound
  // is far above what a device runs (each core lists its blocks in its
  // runtime arguments, which tt-grid-to-persistent checks exactly) but keeps
  // the partition itself small.
  int64_t blocks = 1;
  for (int64_t extent : launch) {
    if (extent <= 0 || blocks > std::numeric_limits<int64_t>::max() / extent)
      return kernel.kernel.emitOpError()
             << "expected a launch grid of positive extents that multiply to "
                "less than 2^63 but got ["
             << launch << "]";
    blocks *= extent;
  }
  if (blocks > kMaxLaunchBlocks)
    return kernel.kernel.emitOpError()
           << "launch grid [" << launch << "] has " << blocks
           << " blocks, more than the " << kMaxLaunchBlocks
           << " a program can list (" << grid.getGx() * grid.getGy()
           << " cores, each listing its blocks in its " << tt::kMaxRuntimeArgs
           << " runtime arguments, run far fewer); use larger blocks";
  auto [bx, by] = getGrid2D(kernel.kernel);

  SmallVector<Core> cores;
  std::map<Core, bool, CoreOrder> seen;
  for (Attribute a : ranges) {
    auto r = cast<tt::CoreRangeAttr>(a);
    for (int64_t y = r.getSy(); y < r.getSy() + r.getEy(); ++y)
      for (int64_t x = r.getSx(); x < r.getSx() + r.getEx(); ++x)
        seen[{x, y}] = true;
  }
  for (const auto &entry : seen)
    cores.push_back(entry.first);
  if (cores.empty())
    return func.emitError() << "expected tt.core_ranges to name at least one "
                               "core";

  // A partition given on input is kept as it is once it is checked.
  if (auto given = func->getAttrOfType<DictionaryAttr>(
          tt::TTDialect::kWorkPartitionAttrName)) {
    FailureOr<Assignment> kept = checkGiven(func, given, bx, by, lenM, lenN,
                                            lenK);
    if (failed(kept))
      return failure();
    func->setAttr(tt::TTDialect::kCoreRangesAttrName,
                  ArrayAttr::get(ctx, coverCores(ctx, *kept)));
    return success();
  }

  FailureOr<Assignment> assignment = failure();
  switch (strategy) {
  case tt::PartitionStrategy::Contiguous:
    assignment = assignContiguous(cores, bx, by);
    break;
  case tt::PartitionStrategy::Block2D:
    assignment = assignBlock2D(kernel, ranges, bx, by);
    break;
  case tt::PartitionStrategy::OwnerComputes:
    assignment = assignOwnerComputes(kernel, grid, bx, by, lenM, lenN);
    break;
  case tt::PartitionStrategy::Cyclic2D:
    assignment = assignCyclic2D(kernel, ranges, bx, by);
    break;
  }
  if (failed(assignment))
    return failure();

  SmallVector<NamedAttribute> work;
  for (const auto &[core, blocks] : *assignment) {
    SmallVector<Attribute> items;
    for (auto [x, y] : blocks)
      items.push_back(tt::WorkItemAttr::get(ctx, y * lenM, x * lenN, lenK,
                                            tt::TileOrder::RowMajor, lenM,
                                            lenN));
    work.push_back(NamedAttribute(
        StringAttr::get(ctx, tt::formatCoreKey(core.first, core.second)),
        ArrayAttr::get(ctx, items)));
  }
  func->setAttr(tt::TTDialect::kWorkPartitionAttrName,
                DictionaryAttr::get(ctx, work));
  func->setAttr(tt::TTDialect::kCoreRangesAttrName,
                ArrayAttr::get(ctx, coverCores(ctx, *assignment)));
  func->setAttr(tt::TTDialect::kPartitionStrategyAttrName,
                tt::PartitionStrategyAttr::get(ctx, strategy));

  if (reportImbalance) {
    // Idle cores of the requested ranges count as zero-item cores.
    size_t maxItems = 0, minItems = assignment->size() < cores.size()
                                        ? 0
                                        : std::numeric_limits<size_t>::max();
    for (const auto &[core, blocks] : *assignment) {
      maxItems = std::max(maxItems, blocks.size());
      minItems = std::min(minItems, blocks.size());
    }
    func.emitRemark() << "work partition: " << bx * by << " items over "
                      << cores.size() << " cores, max/min items per core = "
                      << maxItems << "/" << minItems;
  }
  return success();
}

} // namespace
} // namespace mlir::tilett
