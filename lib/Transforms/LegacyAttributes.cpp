//===- LegacyAttributes.cpp - Upgrade the original backend's attributes ---===//
//
// The original TileLang-TT backend (Python/TVM) attached its metadata under
// other names: `tt.grid = [gx, gy]`, `tt.core_range = {start, extent}`,
// `tt.runtime_args = {core_assignments = ...}`, `tt.block_shape`,
// `tt.start_tile`, `tt_tiles_per_core = [[start, count], ...]`,
// `tt_num_tiles`, `tt_buffer_<name>_layout = "dram_interleaved"`. This file
// rewrites them into the typed `tt.*` attributes (DESIGN.md, "Compatibility"),
// one warning per upgraded attribute, and refuses input where a legacy and a
// new attribute disagree. The MLIR spellings accepted for each are listed in
// docs/tenstorrent/LEGACY_MIGRATION.md.
//
//===----------------------------------------------------------------------===//

#include "tilett/Transforms/LegacyAttributes.h"

#include "tilett/Dialect/TL/IR/TLOps.h"
#include "tilett/Dialect/TT/IR/TTAttrs.h"
#include "tilett/Dialect/TT/IR/TTOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/MapVector.h"

using namespace mlir;
using namespace mlir::tilett;
using tt::TTDialect;

namespace {

// Legacy attribute names, as the original backend spelled them.
constexpr StringLiteral kLegacyGrid = "tt.grid";
constexpr StringLiteral kLegacyCoreRange = "tt.core_range";
constexpr StringLiteral kLegacyRuntimeArgs = "tt.runtime_args";
constexpr StringLiteral kLegacyBlockShape = "tt.block_shape";
constexpr StringLiteral kLegacyStartTile = "tt.start_tile";
constexpr StringLiteral kLegacyTilesPerCore = "tt_tiles_per_core";
constexpr StringLiteral kLegacyNumTiles = "tt_num_tiles";
constexpr StringLiteral kLegacyBufferPrefix = "tt_buffer_";
// `tt_buffer_<name>_<suffix>`: `_layout` carries user intent; the others
// were derived by the original `infer_default_tt_shard` and are recomputed.
constexpr StringLiteral kLegacyLayoutSuffix = "_layout";
constexpr StringLiteral kLegacyDerivedBufferSuffixes[] = {
    "_tile_shape", "_num_tiles_height", "_num_tiles_width", "_needs_padding",
    "_padded_shape"};

/// Reads a list of `n` integers from `[a, b]`, `array<i64: a, b>` or a dense
/// integer elements attribute: the forms a TVM `Array<Integer>` takes when
/// printed as MLIR.
std::optional<SmallVector<int64_t>> readInts(Attribute attr, size_t n) {
  SmallVector<int64_t> values;
  if (auto array = dyn_cast_if_present<ArrayAttr>(attr)) {
    for (Attribute element : array) {
      auto integer = dyn_cast<IntegerAttr>(element);
      if (!integer)
        return std::nullopt;
      values.push_back(integer.getInt());
    }
  } else if (auto dense = dyn_cast_if_present<DenseI64ArrayAttr>(attr)) {
    llvm::append_range(values, dense.asArrayRef());
  } else if (auto dense = dyn_cast_if_present<DenseIntElementsAttr>(attr)) {
    for (const APInt &v : dense.getValues<APInt>())
      values.push_back(v.getSExtValue());
  } else {
    return std::nullopt;
  }
  if (values.size() != n)
    return std::nullopt;
  return values;
}

std::optional<int64_t> readInt(Attribute attr) {
  if (auto integer = dyn_cast_if_present<IntegerAttr>(attr))
    return integer.getInt();
  return std::nullopt;
}

/// Upgrades the attributes of one kernel function.
class LegacyUpgrader {
public:
  explicit LegacyUpgrader(func::FuncOp func)
      : func(func), ctx(func.getContext()) {}

  LogicalResult run() {
    if (failed(upgradeGrid()) || failed(upgradeCoreRange()) ||
        failed(upgradeBufferLayouts()) || failed(upgradeWorkPartition()) ||
        failed(checkNumTiles()))
      return failure();
    return success();
  }

private:
  func::FuncOp func;
  MLIRContext *ctx;

  void warnUpgraded(StringRef legacy, StringRef replacement) {
    emitWarning(func.getLoc()) << "upgraded legacy attribute '" << legacy
                               << "' to '" << replacement << "'";
  }

  InFlightDiagnostic conflict(StringRef legacy, Attribute legacyValue,
                              StringRef current, Attribute currentValue) {
    return func.emitOpError()
           << "legacy attribute '" << legacy << "' = " << legacyValue
           << " conflicts with '" << current << "' = " << currentValue;
  }

  tl::KernelOp findKernel() {
    tl::KernelOp kernel;
    func.walk([&](tl::KernelOp op) {
      kernel = op;
      return WalkResult::interrupt();
    });
    return kernel;
  }

  /// `tt.grid = [gx, gy]` -> `tt.core_grid = #tt.core_grid<gx, gy>`.
  LogicalResult upgradeGrid() {
    Attribute legacy = func->getAttr(kLegacyGrid);
    if (!legacy)
      return success();
    auto values = readInts(legacy, 2);
    if (!values || (*values)[0] <= 0 || (*values)[1] <= 0)
      return func.emitOpError()
             << "expected legacy attribute '" << kLegacyGrid
             << "' to be two positive integers [gx, gy] but got " << legacy;
    auto grid = tt::CoreGridAttr::get(ctx, (*values)[0], (*values)[1]);
    if (Attribute current = func->getAttr(TTDialect::kCoreGridAttrName);
        current && current != grid)
      return conflict(kLegacyGrid, legacy, TTDialect::kCoreGridAttrName,
                      current);
    func->setAttr(TTDialect::kCoreGridAttrName, grid);
    func->removeAttr(kLegacyGrid);
    warnUpgraded(kLegacyGrid, TTDialect::kCoreGridAttrName);
    return success();
  }

  /// `tt.core_range` (one range: `{start = [sx, sy], extent = [ex, ey]}`,
  /// `[sx, sy, ex, ey]` or a `#tt.core_range`) -> `tt.core_ranges = [...]`.
  LogicalResult upgradeCoreRange() {
    Attribute legacy = func->getAttr(kLegacyCoreRange);
    if (!legacy)
      return success();
    tt::CoreRangeAttr range = dyn_cast<tt::CoreRangeAttr>(legacy);
    if (!range) {
      std::optional<SmallVector<int64_t>> start, extent;
      if (auto dict = dyn_cast<DictionaryAttr>(legacy)) {
        start = readInts(dict.get("start"), 2);
        extent = readInts(dict.get("extent"), 2);
      } else if (auto flat = readInts(legacy, 4)) {
        start = SmallVector<int64_t>{(*flat)[0], (*flat)[1]};
        extent = SmallVector<int64_t>{(*flat)[2], (*flat)[3]};
      }
      if (!start || !extent || (*start)[0] < 0 || (*start)[1] < 0 ||
          (*extent)[0] <= 0 || (*extent)[1] <= 0)
        return func.emitOpError()
               << "expected legacy attribute '" << kLegacyCoreRange
               << "' to be {start = [sx, sy], extent = [ex, ey]} with a "
                  "non-negative start and a positive extent but got "
               << legacy;
      range = tt::CoreRangeAttr::get(ctx, (*start)[0], (*start)[1],
                                     (*extent)[0], (*extent)[1]);
    }
    auto ranges = ArrayAttr::get(ctx, {range});
    // The original mirrored a single `tt.core_ranges` entry into
    // `tt.core_range`, so an identical pair is the normal case.
    if (Attribute current = func->getAttr(TTDialect::kCoreRangesAttrName);
        current && current != ranges)
      return conflict(kLegacyCoreRange, legacy, TTDialect::kCoreRangesAttrName,
                      current);
    func->setAttr(TTDialect::kCoreRangesAttrName, ranges);
    func->removeAttr(kLegacyCoreRange);
    warnUpgraded(kLegacyCoreRange, TTDialect::kCoreRangesAttrName);
    return success();
  }

  /// The user layout dictionary (DESIGN.md spelling, normalised later by
  /// PropagateTTLayout) for a legacy layout string such as
  /// "dram_interleaved".
  std::optional<DictionaryAttr> layoutFromLegacy(Attribute legacy) {
    if (auto dict = dyn_cast<DictionaryAttr>(legacy))
      return dict;
    auto str = dyn_cast<StringAttr>(legacy);
    if (!str)
      return std::nullopt;
    std::string lower = str.getValue().lower();
    StringRef value(lower);
    StringRef shard;
    if (value.starts_with("dram"))
      shard = "DRAM";
    else if (value.starts_with("l1"))
      shard = "L1";
    else
      return std::nullopt;
    value = value.drop_front(shard.size());
    if (!value.empty() && value != "_interleaved")
      return std::nullopt;
    Builder b(ctx);
    return b.getDictionaryAttr(
        {b.getNamedAttr("shard", b.getStringAttr(shard)),
         b.getNamedAttr("interleave", b.getBoolAttr(true))});
  }

  /// Whether an existing `tt.layout_desc` entry says the same as a legacy
  /// interleaved layout with memory `shard`.
  static bool sameLayout(Attribute current, DictionaryAttr upgraded) {
    if (current == upgraded)
      return true;
    auto desc = dyn_cast<tt::LayoutDescAttr>(current);
    auto shard = upgraded.getAs<StringAttr>("shard");
    if (!desc || !shard || upgraded.size() != 2)
      return false;
    tt::MemorySpace memory =
        shard.getValue() == "L1" ? tt::MemorySpace::L1 : tt::MemorySpace::DRAM;
    return desc.getMemory() == memory && !desc.isSharded();
  }

  /// `tt_buffer_<name>_layout` -> `tt.layout_desc[name]`; the derived
  /// `tt_buffer_<name>_*` companions are dropped (recomputed).
  LogicalResult upgradeBufferLayouts() {
    SmallVector<NamedAttribute> legacyLayouts;
    SmallVector<StringAttr> derived;
    for (NamedAttribute attr : func->getAttrs()) {
      StringRef name = attr.getName().getValue();
      if (!name.starts_with(kLegacyBufferPrefix))
        continue;
      if (name.ends_with(kLegacyLayoutSuffix) &&
          name.size() > kLegacyBufferPrefix.size() + kLegacyLayoutSuffix.size())
        legacyLayouts.push_back(attr);
      else if (llvm::any_of(kLegacyDerivedBufferSuffixes,
                            [&](StringRef s) { return name.ends_with(s); }))
        derived.push_back(attr.getName());
    }
    for (StringAttr name : derived) {
      func->removeAttr(name);
      emitWarning(func.getLoc())
          << "dropped legacy attribute '" << name.getValue()
          << "': it is derived from '" << TTDialect::kLayoutDescAttrName
          << "' and recomputed";
    }
    if (legacyLayouts.empty())
      return success();

    NamedAttrList layouts;
    if (Attribute current = func->getAttr(TTDialect::kLayoutDescAttrName)) {
      auto dict = dyn_cast<DictionaryAttr>(current);
      if (!dict)
        return func.emitOpError()
               << "expected '" << TTDialect::kLayoutDescAttrName
               << "' to be a dictionary but got " << current;
      layouts.assign(dict.getValue());
    }
    for (NamedAttribute attr : legacyLayouts) {
      StringRef key = attr.getName().getValue();
      StringRef buffer = key.drop_front(kLegacyBufferPrefix.size())
                             .drop_back(kLegacyLayoutSuffix.size());
      std::optional<DictionaryAttr> upgraded =
          layoutFromLegacy(attr.getValue());
      if (!upgraded)
        return func.emitOpError()
               << "expected legacy attribute '" << key
               << "' to be \"dram_interleaved\", \"l1_interleaved\" or a "
                  "layout dictionary but got "
               << attr.getValue();
      std::string newName =
          (TTDialect::kLayoutDescAttrName + "[" + buffer + "]").str();
      if (Attribute current = layouts.get(buffer)) {
        if (!sameLayout(current, *upgraded))
          return conflict(key, attr.getValue(), newName, current);
      } else {
        layouts.set(buffer, *upgraded);
      }
      func->removeAttr(attr.getName());
      warnUpgraded(key, newName);
    }
    func->setAttr(TTDialect::kLayoutDescAttrName, layouts.getDictionary(ctx));
    return success();
  }

  /// The kernel's output block in tiles (rows, columns): the local side of
  /// its first store (IR_CONTRACTS.md, "After TTTilesToCoreMap").
  std::pair<int64_t, int64_t> outputBlockTiles(tl::KernelOp kernel) {
    std::pair<int64_t, int64_t> block{1, 1};
    if (!kernel)
      return block;
    kernel.walk([&](tl::CopyOp copy) {
      if (!copy.isStore())
        return WalkResult::advance();
      auto type = cast<MemRefType>(copy.getLocal().getType());
      ArrayRef<int64_t> shape = type.getShape();
      if (shape.size() >= 2)
        block = {std::max<int64_t>(1, shape[shape.size() - 2] / 32),
                 std::max<int64_t>(1, shape.back() / 32)};
      else if (shape.size() == 1)
        block = {std::max<int64_t>(1, shape[0] / 32), 1}; // a column vector
      return WalkResult::interrupt();
    });
    return block;
  }

  /// The reduction length in tiles of one block: the trip count of the
  /// pipelined loops around the first tl.gemm times its K tiles.
  int64_t reductionTiles(tl::KernelOp kernel) {
    int64_t lenK = 0;
    if (!kernel)
      return lenK;
    kernel.walk([&](tl::GemmOp gemm) {
      auto aType = cast<MemRefType>(gemm.getA().getType());
      int64_t k = aType.getShape()[gemm.getTransposeA() ? 0 : 1];
      int64_t trips = 1;
      for (Operation *op = gemm->getParentOp(); op && op != kernel;
           op = op->getParentOp())
        if (auto loop = dyn_cast<tl::PipelinedOp>(op))
          trips *= loop.getTripCount();
      lenK = trips * std::max<int64_t>(1, k / 32);
      return WalkResult::interrupt();
    });
    return lenK;
  }

  /// Parses a legacy core key: "(x,y)" or a row-major core id.
  std::optional<std::pair<int64_t, int64_t>> parseLegacyCore(StringRef key,
                                                             int64_t gx) {
    if (auto core = tt::parseCoreKey(key))
      return core;
    int64_t id;
    if (key.trim().getAsInteger(10, id) || id < 0)
      return std::nullopt;
    return std::make_pair(id % gx, id / gx);
  }

  int64_t coreGridX() {
    if (auto grid =
            func->getAttrOfType<tt::CoreGridAttr>(TTDialect::kCoreGridAttrName))
      return grid.getGx();
    // The original backend assumed Wormhole's 8x8 worker grid.
    return 8;
  }

  /// `tt.runtime_args = {core_assignments = ...}`, `tt_tiles_per_core`,
  /// `tt.block_shape` and `tt.start_tile` -> `tt.work_partition`.
  LogicalResult upgradeWorkPartition() {
    Attribute runtimeArgs = func->getAttr(kLegacyRuntimeArgs);
    auto runtimeDict = dyn_cast_if_present<DictionaryAttr>(runtimeArgs);
    // Other `tt.runtime_args` forms (lists of argument names) are kernel
    // metadata of the original codegen, not a schedule; they stay.
    Attribute assignments =
        runtimeDict ? runtimeDict.get("core_assignments") : Attribute();
    Attribute tilesPerCore = func->getAttr(kLegacyTilesPerCore);
    Attribute blockShape = func->getAttr(kLegacyBlockShape);
    Attribute startTile = func->getAttr(kLegacyStartTile);
    if (!assignments && !tilesPerCore && !blockShape && !startTile)
      return success();

    tl::KernelOp kernel = findKernel();
    auto [lenM, lenN] = outputBlockTiles(kernel);
    if (blockShape) {
      auto shape = readInts(blockShape, 2);
      if (!shape || (*shape)[0] <= 0 || (*shape)[1] <= 0)
        return func.emitOpError()
               << "expected legacy attribute '" << kLegacyBlockShape
               << "' to be two positive tile counts [m, n] but got "
               << blockShape;
      lenM = (*shape)[0];
      lenN = (*shape)[1];
    }
    int64_t gx = coreGridX();
    auto rowMajor = tt::TileOrder::RowMajor;
    llvm::MapVector<std::pair<int64_t, int64_t>, SmallVector<Attribute>> items;
    StringRef source;

    if (assignments) {
      source = kLegacyRuntimeArgs;
      auto perCore = dyn_cast<DictionaryAttr>(assignments);
      if (!perCore)
        return func.emitOpError()
               << "expected 'core_assignments' of legacy attribute '"
               << kLegacyRuntimeArgs
               << "' to map cores to lists of {m_idx, n_idx, k_len} but got "
               << assignments;
      for (NamedAttribute entry : perCore) {
        auto core = parseLegacyCore(entry.getName().getValue(), gx);
        auto list = dyn_cast<ArrayAttr>(entry.getValue());
        if (!core || !list)
          return func.emitOpError()
                 << "expected a core \"(x,y)\" mapped to a list of "
                    "{m_idx, n_idx, k_len} in legacy 'core_assignments' but "
                    "got \""
                 << entry.getName().getValue() << "\" = " << entry.getValue();
        auto &coreItems = items[*core];
        for (Attribute a : list) {
          auto item = dyn_cast<DictionaryAttr>(a);
          auto m = readInt(item ? item.get("m_idx") : Attribute());
          auto n = readInt(item ? item.get("n_idx") : Attribute());
          auto k = readInt(item ? item.get("k_len") : Attribute());
          if (!m || !n || !k || *m < 0 || *n < 0 || *k < 0)
            return func.emitOpError()
                   << "expected a legacy core assignment {m_idx, n_idx, "
                      "k_len} of non-negative integers but got "
                   << a;
          coreItems.push_back(
              tt::WorkItemAttr::get(ctx, *m, *n, *k, rowMajor, lenM, lenN));
        }
      }
    } else if (tilesPerCore) {
      // [[start, count], ...] per row-major core id; a legacy "tile" is one
      // launch block, numbered by * grid_x + bx.
      source = kLegacyTilesPerCore;
      auto perCore = dyn_cast<ArrayAttr>(tilesPerCore);
      if (!perCore)
        return func.emitOpError()
               << "expected legacy attribute '" << kLegacyTilesPerCore
               << "' to be a list of [start, count] but got " << tilesPerCore;
      int64_t launchX = 1, numBlocks = 1;
      if (kernel) {
        launchX = kernel.getGrid().front();
        numBlocks = kernel.getNumBlocks();
      }
      int64_t lenK = reductionTiles(kernel);
      for (auto [id, entry] : llvm::enumerate(perCore)) {
        auto range = readInts(entry, 2);
        if (!range || (*range)[0] < 0 || (*range)[1] < 0 ||
            (kernel && (*range)[0] + (*range)[1] > numBlocks))
          return func.emitOpError()
                 << "expected [start, count] within the kernel's " << numBlocks
                 << " blocks in legacy attribute '" << kLegacyTilesPerCore
                 << "' but got " << entry;
        if ((*range)[1] == 0)
          continue;
        auto &coreItems = items[{static_cast<int64_t>(id) % gx,
                                 static_cast<int64_t>(id) / gx}];
        for (int64_t t = (*range)[0]; t < (*range)[0] + (*range)[1]; ++t)
          coreItems.push_back(tt::WorkItemAttr::get(ctx, (t / launchX) * lenM,
                                                    (t % launchX) * lenN, lenK,
                                                    rowMajor, lenM, lenN));
      }
    } else if (startTile) {
      // A single-core legacy kernel: one block starting at `tt.start_tile`.
      source = kLegacyStartTile;
      auto start = readInts(startTile, 2);
      if (!start || (*start)[0] < 0 || (*start)[1] < 0)
        return func.emitOpError()
               << "expected legacy attribute '" << kLegacyStartTile
               << "' to be two non-negative tile indices [m, n] but got "
               << startTile;
      items[{0, 0}].push_back(
          tt::WorkItemAttr::get(ctx, (*start)[0], (*start)[1],
                                reductionTiles(kernel), rowMajor, lenM, lenN));
    }

    // `tt.block_shape` alone only sizes the items TTTilesToCoreMap makes.
    if (items.empty()) {
      func->removeAttr(kLegacyBlockShape);
      emitWarning(func.getLoc())
          << "dropped legacy attribute '" << kLegacyBlockShape
          << "': block extents are derived from the kernel";
      return success();
    }

    SmallVector<NamedAttribute> entries;
    for (auto &[core, list] : items)
      entries.push_back(NamedAttribute(
          StringAttr::get(ctx, tt::formatCoreKey(core.first, core.second)),
          ArrayAttr::get(ctx, list)));
    auto partition = DictionaryAttr::get(ctx, entries);
    if (Attribute current = func->getAttr(TTDialect::kWorkPartitionAttrName);
        current && current != partition)
      return conflict(source, func->getAttr(source),
                      TTDialect::kWorkPartitionAttrName, current);
    func->setAttr(TTDialect::kWorkPartitionAttrName, partition);

    for (StringRef name :
         {kLegacyTilesPerCore, kLegacyBlockShape, kLegacyStartTile}) {
      if (!func->hasAttr(name))
        continue;
      func->removeAttr(name);
      warnUpgraded(name, TTDialect::kWorkPartitionAttrName);
    }
    if (assignments) {
      // Keep any other keys the original stored next to the assignments.
      NamedAttrList rest(runtimeDict.getValue());
      rest.erase("core_assignments");
      if (rest.empty())
        func->removeAttr(kLegacyRuntimeArgs);
      else
        func->setAttr(kLegacyRuntimeArgs, rest.getDictionary(ctx));
      warnUpgraded("tt.runtime_args.core_assignments",
                   TTDialect::kWorkPartitionAttrName);
    }
    return success();
  }

  /// `tt_num_tiles` was derived (the number of launch blocks, each one
  /// output tile window); it is recomputed, checked and dropped.
  LogicalResult checkNumTiles() {
    Attribute legacy = func->getAttr(kLegacyNumTiles);
    if (!legacy)
      return success();
    std::optional<int64_t> claimed = readInt(legacy);
    if (!claimed)
      return func.emitOpError()
             << "expected legacy attribute '" << kLegacyNumTiles
             << "' to be an integer but got " << legacy;
    std::optional<int64_t> actual;
    StringRef from;
    if (tl::KernelOp kernel = findKernel()) {
      actual = kernel.getNumBlocks();
      from = "blocks in the kernel's grid";
    } else if (auto partition = func->getAttrOfType<DictionaryAttr>(
                   TTDialect::kWorkPartitionAttrName)) {
      int64_t count = 0;
      for (NamedAttribute entry : partition)
        if (auto list = dyn_cast<ArrayAttr>(entry.getValue()))
          count += list.size();
      actual = count;
      from = "work items in 'tt.work_partition'";
    }
    if (actual && *actual != *claimed)
      return func.emitOpError()
             << "legacy attribute '" << kLegacyNumTiles << "' = " << *claimed
             << " disagrees with the " << *actual << " " << from;
    func->removeAttr(kLegacyNumTiles);
    emitWarning(func.getLoc())
        << "dropped legacy attribute '" << kLegacyNumTiles
        << "': the tile count is recomputed from "
        << "'tt.work_partition'";
    return success();
  }
};

} // namespace

LogicalResult mlir::tilett::upgradeLegacyAttributes(func::FuncOp func) {
  return LegacyUpgrader(func).run();
}

ArrayRef<StringRef> mlir::tilett::getLegacyAttributeNames() {
  static const StringRef names[] = {
      kLegacyGrid,       kLegacyCoreRange,         kLegacyRuntimeArgs,
      kLegacyBlockShape, kLegacyStartTile,         kLegacyTilesPerCore,
      kLegacyNumTiles,   "tt_buffer_<name>_layout"};
  return names;
}
