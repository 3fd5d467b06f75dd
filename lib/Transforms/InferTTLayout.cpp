//===- InferTTLayout.cpp - Layouts for global buffers, core grids ---------===//
//
// First of the five passes: upgrades legacy attributes, fixes the target
// architecture on the module, and gives every kernel function a default
// layout per global buffer plus a core grid and core ranges (IR_CONTRACTS.md,
// "After InferTTLayout"). User annotations are kept as written; the next
// pass normalises them.
//
//===----------------------------------------------------------------------===//

#include "tilett/Transforms/CoarsenGrid.h"
#include "tilett/Transforms/KernelAnalysis.h"
#include "tilett/Transforms/LegacyAttributes.h"
#include "tilett/Transforms/Multicast.h"
#include "tilett/Transforms/Passes.h"
#include "tilett/Transforms/PermuteGlobals.h"
#include "tilett/Transforms/WidenKSteps.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

#include <limits>

namespace mlir::tilett {
#define GEN_PASS_DEF_INFERTTLAYOUT
#include "tilett/Transforms/Passes.h.inc"
} // namespace mlir::tilett

namespace mlir::tilett {
namespace {

/// Shrinks a grid to at most `numBlocks` cores, keeping rows full so a
/// row-major assignment leaves no core of the grid idle.
tt::CoreGridAttr clampToWork(MLIRContext *ctx, int64_t gx, int64_t gy,
                             int64_t numBlocks) {
  if (numBlocks > 0 && numBlocks < gx * gy) {
    gx = std::min(gx, numBlocks);
    gy = std::min(gy, (numBlocks + gx - 1) / gx);
  }
  return tt::CoreGridAttr::get(ctx, gx, gy);
}

/// Rejects global buffers no layout can hold, at the argument's location.
LogicalResult checkGlobalBuffer(BlockArgument arg) {
  auto type = cast<MemRefType>(arg.getType());
  if (type.getRank() == 0)
    return emitError(arg.getLoc())
           << "expected a global buffer of rank 1 or more but got " << type;
  if (!type.hasStaticShape())
    return emitError(arg.getLoc())
           << "expected a statically shaped global buffer but got " << type
           << "; Tenstorrent layouts need the shape at compile time";
  if (!tt::isTileElementType(type.getElementType()))
    return emitError(arg.getLoc())
           << "expected a global buffer of bf16, f16, f32 or i32 but got "
           << type.getElementType() << " in " << type;
  return success();
}

/// Bytes of a global buffer in DRAM, its trailing two dims padded to whole
/// tiles (the layout every plan uses); nullopt past 2^63.
std::optional<int64_t> getPaddedBytes(MemRefType type) {
  ArrayRef<int64_t> shape = type.getShape();
  int64_t bytes = tt::getElementBytes(type.getElementType());
  for (size_t i = 0; i < shape.size(); ++i) {
    int64_t dim = shape[i];
    if (i + 2 >= shape.size())
      dim = llvm::alignTo(dim, 32);
    if (dim != 0 && bytes > std::numeric_limits<int64_t>::max() / dim)
      return std::nullopt;
    bytes *= dim;
  }
  return bytes;
}

/// Global buffers must fit the card's DRAM, together; checked before any
/// pass does work per tile, which for such shapes would not end.
LogicalResult checkDramCapacity(func::FuncOp func, const tt::ArchInfo &info) {
  auto formatBytes = [](double b) {
    return llvm::formatv("{0:f1} GiB", b / double(int64_t(1) << 30)).str();
  };
  double total = 0;
  for (BlockArgument arg : func.getArguments()) {
    if (!tl::isGlobalBuffer(arg.getType()))
      continue;
    auto type = cast<MemRefType>(arg.getType());
    std::optional<int64_t> bytes = getPaddedBytes(type);
    if (!bytes || *bytes > info.dramBytes)
      return emitError(arg.getLoc())
             << "global buffer '" << tl::getBufferName(arg) << "' (" << type
             << ") needs "
             << (bytes ? formatBytes(double(*bytes)) : "more than 2^63 bytes")
             << " but the device has " << formatBytes(double(info.dramBytes))
             << " of DRAM";
    total += double(*bytes);
  }
  if (total > double(info.dramBytes))
    return func.emitError()
           << "the global buffers of '" << func.getSymName() << "' need "
           << formatBytes(total) << " together but the device has "
           << formatBytes(double(info.dramBytes)) << " of DRAM";
  return success();
}

class InferTTLayout : public impl::InferTTLayoutBase<InferTTLayout> {
public:
  using InferTTLayoutBase::InferTTLayoutBase;

  void runOnOperation() final {
    ModuleOp module = getOperation();
    FailureOr<tt::Arch> arch = resolveArch(module);
    if (failed(arch))
      return signalPassFailure();

    tt::ArchInfo info = tt::getArchInfo(*arch);
    std::optional<std::pair<int64_t, int64_t>> optionGrid;
    if (!coreGrid.empty()) {
      optionGrid = parseCoreGrid(coreGrid);
      if (!optionGrid) {
        module.emitError() << "invalid core-grid '" << coreGrid
                           << "': expected GXxGY with two positive integers, "
                              "e.g. 8x8";
        return signalPassFailure();
      }
      if (optionGrid->first > info.gridX || optionGrid->second > info.gridY) {
        module.emitError() << "core-grid " << coreGrid << " exceeds the "
                           << tt::stringifyArch(*arch) << " worker grid "
                           << info.gridX << "x" << info.gridY;
        return signalPassFailure();
      }
    }

    for (auto func : module.getOps<func::FuncOp>()) {
      if (!isKernelFunction(func))
        continue;
      if (failed(upgradeLegacyAttributes(func)) ||
          failed(inferFunction(func, info, optionGrid)))
        return signalPassFailure();
    }
  }

private:
  /// An existing module `tt.arch` wins over the default; an explicit,
  /// different `arch` option is a conflict the user must resolve.
  FailureOr<tt::Arch> resolveArch(ModuleOp module) {
    tt::Arch requested = arch;
    auto existing =
        module->getAttrOfType<tt::ArchAttr>(tt::TTDialect::kArchAttrName);
    if (existing) {
      if (requested != kDefaultArch && existing.getValue() != requested) {
        module.emitError() << "module has tt.arch "
                           << tt::stringifyArch(existing.getValue())
                           << " but the arch option asks for "
                           << tt::stringifyArch(requested);
        return failure();
      }
      return existing.getValue();
    }
    module->setAttr(tt::TTDialect::kArchAttrName,
                    tt::ArchAttr::get(module.getContext(), requested));
    return requested;
  }

  LogicalResult
  inferFunction(func::FuncOp func, const tt::ArchInfo &info,
                std::optional<std::pair<int64_t, int64_t>> optionGrid) {
    MLIRContext *ctx = func.getContext();
    // Windows over middle dims become windows over trailing dims of a
    // permuted tensor before anything reads a global's shape.
    if (failed(permuteGlobals(func)))
      return failure();
    // The per-core blocks and the K blocking are schedules the layouts and
    // CBs below must see; the K blocking sizes its steps for the blocks
    // the coarsening leaves.
    if (isKernelFunction(func)) {
      auto [gx, gy] =
          optionGrid.value_or(std::make_pair(info.gridX, info.gridY));
      // Blocks thinner than a tile are grouped whatever the schedule: the
      // device has no smaller unit.
      if (failed(groupThinBlocks(func)))
        return failure();
      // A block factor the user (or --tune) forced replaces the model's
      // choice, whatever the core grid. Otherwise a core grid the user
      // fixed (option or tt.core_grid) fixes the schedule: blocks are not
      // regrouped under it.
      if (blockFactor.getValue().isSet()) {
        if (failed(applyBlockFactor(func, blockFactor.getValue().x,
                                    blockFactor.getValue().y)))
          return failure();
      } else if (coarsenGrid && !optionGrid &&
                 !func->hasAttr(tt::TTDialect::kCoreGridAttrName)) {
        coarsenKernelGrid(func, info.l1Bytes, gx, gy);
      }
      widenPipelinedKSteps(func, kBlock, info.l1Bytes, gx * gy);
    }
    std::optional<KernelInfo> kernel = KernelInfo::analyze(func);
    for (BlockArgument arg : func.getArguments())
      if (tl::isGlobalBuffer(arg.getType()) && failed(checkGlobalBuffer(arg)))
        return failure();
    if (failed(checkDramCapacity(func, info)))
      return failure();

    // Layouts: keep whatever the user wrote (a #tt.layout_desc or a user
    // dictionary, normalised by tt-propagate-layout), default the rest.
    NamedAttrList layouts;
    if (auto user = func->getAttrOfType<DictionaryAttr>(
            tt::TTDialect::kLayoutDescAttrName))
      layouts.append(user.getValue());
    for (const GlobalBuffer &g : kernel->globals) {
      if (layouts.get(g.name))
        continue;
      layouts.append(g.name,
                     getDefaultLayout(ctx, cast<MemRefType>(g.arg.getType()),
                                      tt::MemorySpace::DRAM));
    }
    func->setAttr(tt::TTDialect::kLayoutDescAttrName,
                  layouts.getDictionary(ctx));

    // Core grid: a user's tt.core_grid is kept (but must fit the device);
    // otherwise the option or the device grid, clamped to the work.
    auto grid =
        func->getAttrOfType<tt::CoreGridAttr>(tt::TTDialect::kCoreGridAttrName);
    if (grid) {
      if (grid.getGx() > info.gridX || grid.getGy() > info.gridY)
        return func.emitError()
               << "tt.core_grid " << grid << " exceeds the device's worker "
               << "grid " << info.gridX << "x" << info.gridY;
    } else {
      auto [gx, gy] = optionGrid.value_or(std::make_pair(info.gridX, info.gridY));
      // A kernel whose rows or columns of blocks share a load keeps the
      // launch grid's shape, so that a row of cores can line up with a row
      // of blocks and share it by multicast (TTTilesToCoreMap, auto).
      ArrayRef<int64_t> launch = kernel->kernel.getGrid();
      if (launch.size() == 2 && hasSharedLoad(kernel->kernel))
        grid = tt::CoreGridAttr::get(ctx, std::min(gx, launch[0]),
                                     std::min(gy, launch[1]));
      else
        grid = clampToWork(ctx, gx, gy, kernel->kernel.getNumBlocks());
      func->setAttr(tt::TTDialect::kCoreGridAttrName, grid);
    }

    if (!func->hasAttr(tt::TTDialect::kCoreRangesAttrName)) {
      auto full = tt::CoreRangeAttr::get(ctx, 0, 0, grid.getGx(), grid.getGy());
      func->setAttr(tt::TTDialect::kCoreRangesAttrName,
                    ArrayAttr::get(ctx, {full}));
    }
    return success();
  }
};

} // namespace
} // namespace mlir::tilett
