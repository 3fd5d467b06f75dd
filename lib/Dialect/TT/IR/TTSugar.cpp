//===- TTSugar.cpp - Attach tt metadata to kernel functions ---------------===//

#include "tilett/Dialect/TT/IR/TTSugar.h"

#include "tilett/Dialect/TL/IR/TLOps.h"
#include "tilett/Dialect/TT/IR/TTOps.h"
#include "tilett/Transforms/ComputeConfig.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/InterleavedRange.h"

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::tt;

namespace {

/// The grid cores must fit in: the function's tt.core_grid, else the
/// worker grid of the module's tt.arch; nullopt when neither is known yet.
std::optional<std::pair<int64_t, int64_t>> getGrid(func::FuncOp func) {
  if (auto grid =
          func->getAttrOfType<CoreGridAttr>(TTDialect::kCoreGridAttrName))
    return std::make_pair(grid.getGx(), grid.getGy());
  auto module = func->getParentOfType<ModuleOp>();
  if (auto arch = module ? module->getAttrOfType<ArchAttr>(
                               TTDialect::kArchAttrName)
                         : ArchAttr()) {
    ArchInfo info = getArchInfo(arch.getValue());
    return std::make_pair(info.gridX, info.gridY);
  }
  return std::nullopt;
}

bool inGrid(std::pair<int64_t, int64_t> core,
            std::optional<std::pair<int64_t, int64_t>> grid) {
  return !grid || (core.first < grid->first && core.second < grid->second);
}

bool rangeInGrid(CoreRangeAttr r,
                 std::optional<std::pair<int64_t, int64_t>> grid) {
  return !grid || (r.getSx() + r.getEx() <= grid->first &&
                   r.getSy() + r.getEy() <= grid->second);
}

bool overlap(CoreRangeAttr a, CoreRangeAttr b) {
  return a.getSx() < b.getSx() + b.getEx() &&
         b.getSx() < a.getSx() + a.getEx() &&
         a.getSy() < b.getSy() + b.getEy() && b.getSy() < a.getSy() + a.getEy();
}

/// The first core of `work` (keys already validated) that no range of
/// `ranges` contains.
std::optional<StringRef> uncoveredCore(DictionaryAttr work, ArrayAttr ranges) {
  if (!work || !ranges)
    return std::nullopt;
  for (NamedAttribute entry : work) {
    auto core = parseCoreKey(entry.getName().getValue());
    if (!core)
      continue;
    bool covered = llvm::any_of(ranges, [&](Attribute a) {
      auto r = dyn_cast<CoreRangeAttr>(a);
      return r && r.contains(core->first, core->second);
    });
    if (!covered)
      return entry.getName().getValue();
  }
  return std::nullopt;
}

std::string formatGrid(std::pair<int64_t, int64_t> grid) {
  return "(" + std::to_string(grid.first) + ", " +
         std::to_string(grid.second) + ")";
}

/// Checks one entry of the original backend's layout dictionary; the
/// accepted spellings are PropagateTTLayout's.
LogicalResult verifyUserLayout(func::FuncOp func, StringRef buffer,
                               DictionaryAttr dict) {
  auto fail = [&](StringRef key, StringRef what, Attribute got) {
    return func.emitError() << "expected " << key << " of buffer '" << buffer
                            << "' to be " << what << " but got " << got;
  };
  for (NamedAttribute entry : dict) {
    StringRef key = entry.getName().getValue();
    Attribute value = entry.getValue();
    auto str = dyn_cast<StringAttr>(value);
    if (key == "shard") {
      std::string v = str ? str.getValue().lower() : "";
      if (v != "dram" && v != "ddr" && v != "l1" && v != "sram")
        return fail(key, "DRAM, L1, DDR or SRAM", value);
    } else if (key == "interleave") {
      if (!isa<BoolAttr>(value))
        return fail(key, "a bool", value);
    } else if (key == "tile_id_order") {
      if (!str || !symbolizeTileOrder(str.getValue().lower()))
        return fail(key, "row_major, column_major, match_shard or z_order",
                    value);
    } else if (key == "layout") {
      if (!str || !symbolizeBufferLayout(str.getValue()))
        return fail(key,
                    "interleaved, height_sharded, width_sharded or "
                    "block_sharded",
                    value);
    } else if (key == "shard_grid" || key == "shard_shape") {
      auto list = dyn_cast<ArrayAttr>(value);
      if (!list || list.size() != 2 ||
          !llvm::all_of(list, [](Attribute a) {
            auto i = dyn_cast<IntegerAttr>(a);
            return i && i.getInt() > 0;
          }))
        return fail(key, "two positive integers", value);
    } else {
      return func.emitError()
             << "expected a layout key of shard, interleave, tile_id_order, "
                "layout, shard_grid or shard_shape for buffer '"
             << buffer << "' but got '" << key << "'";
    }
  }
  return success();
}

/// Checks `layout` for global buffer `buffer` of `func`.
LogicalResult verifyLayout(func::FuncOp func, StringRef buffer,
                           Attribute layout) {
  if (func.isExternal())
    return func.emitError() << "expected a kernel function with a body to "
                               "name buffers in, but @"
                            << func.getSymName() << " is a declaration";
  MemRefType type;
  SmallVector<std::string> names;
  for (BlockArgument arg : func.getArguments()) {
    if (!tl::isGlobalBuffer(arg.getType()))
      continue;
    std::string name = tl::getBufferName(arg);
    if (name == buffer)
      type = cast<MemRefType>(arg.getType());
    names.push_back(std::move(name));
  }
  if (!type)
    return func.emitError() << "expected a global buffer of @"
                            << func.getSymName() << " ("
                            << llvm::join(names, ", ") << ") but got '"
                            << buffer << "'";
  if (auto dict = dyn_cast<DictionaryAttr>(layout))
    return verifyUserLayout(func, buffer, dict);
  auto desc = dyn_cast<LayoutDescAttr>(layout);
  if (!desc)
    return func.emitError() << "expected a #tt.layout_desc or a layout "
                               "dictionary for buffer '"
                            << buffer << "' but got " << layout;
  if (desc.getShape() != type.getShape())
    return func.emitError() << "expected the layout of buffer '" << buffer
                            << "' to have the buffer's shape ["
                            << llvm::interleaved(type.getShape())
                            << "] but got ["
                            << llvm::interleaved(desc.getShape()) << "]";
  if (desc.getDtype() != type.getElementType())
    return func.emitError() << "expected the layout of buffer '" << buffer
                            << "' to have dtype " << type.getElementType()
                            << " but got " << desc.getDtype();
  return success();
}

} // namespace

LogicalResult mlir::tilett::tt::withCoreGrid(func::FuncOp func, int64_t gx,
                                             int64_t gy) {
  auto grid = CoreGridAttr::getChecked([&] { return func.emitError(); },
                                       func.getContext(), gx, gy);
  if (!grid)
    return failure();
  auto module = func->getParentOfType<ModuleOp>();
  if (auto arch = module ? module->getAttrOfType<ArchAttr>(
                               TTDialect::kArchAttrName)
                         : ArchAttr()) {
    ArchInfo info = getArchInfo(arch.getValue());
    if (gx > info.gridX || gy > info.gridY)
      return func.emitError()
             << "expected a core grid within the "
             << stringifyArch(arch.getValue())
             << " worker grid " << formatGrid({info.gridX, info.gridY})
             << " but got " << formatGrid({gx, gy});
  }
  std::pair<int64_t, int64_t> newGrid{gx, gy};
  if (auto ranges =
          func->getAttrOfType<ArrayAttr>(TTDialect::kCoreRangesAttrName))
    for (Attribute a : ranges)
      if (auto r = dyn_cast<CoreRangeAttr>(a); r && !rangeInGrid(r, newGrid))
        return func.emitError() << "expected a core grid that holds core range "
                                << r << " but got " << formatGrid(newGrid);
  if (auto work =
          func->getAttrOfType<DictionaryAttr>(TTDialect::kWorkPartitionAttrName))
    for (NamedAttribute entry : work)
      if (auto core = parseCoreKey(entry.getName().getValue());
          core && !inGrid(*core, newGrid))
        return func.emitError()
               << "expected a core grid that holds work partition core "
               << entry.getName().getValue() << " but got "
               << formatGrid(newGrid);
  func->setAttr(TTDialect::kCoreGridAttrName, grid);
  return success();
}

LogicalResult mlir::tilett::tt::withCoreRanges(func::FuncOp func,
                                               ArrayRef<CoreRange> ranges) {
  if (ranges.empty())
    return func.emitError() << "expected at least one core range but got none";
  std::optional<std::pair<int64_t, int64_t>> grid = getGrid(func);
  SmallVector<Attribute> attrs;
  for (const CoreRange &range : ranges) {
    auto r = CoreRangeAttr::getChecked([&] { return func.emitError(); },
                                       func.getContext(), range.sx, range.sy,
                                       range.ex, range.ey);
    if (!r)
      return failure();
    if (!rangeInGrid(r, grid))
      return func.emitError() << "expected core ranges within the core grid "
                              << formatGrid(*grid) << " but got " << r;
    for (Attribute other : attrs)
      if (overlap(r, cast<CoreRangeAttr>(other)))
        return func.emitError() << "expected disjoint core ranges but " << r
                                << " overlaps " << other;
    attrs.push_back(r);
  }
  auto list = ArrayAttr::get(func.getContext(), attrs);
  if (std::optional<StringRef> core = uncoveredCore(
          func->getAttrOfType<DictionaryAttr>(
              TTDialect::kWorkPartitionAttrName),
          list))
    return func.emitError() << "expected core ranges that cover work "
                               "partition core "
                            << *core << " but got " << list;
  func->setAttr(TTDialect::kCoreRangesAttrName, list);
  return success();
}

LogicalResult mlir::tilett::tt::withWorkPartition(func::FuncOp func,
                                                  const WorkPartition &work) {
  MLIRContext *ctx = func.getContext();
  std::optional<std::pair<int64_t, int64_t>> grid = getGrid(func);
  SmallVector<NamedAttribute> entries;
  llvm::StringSet<> seen;
  for (const auto &[key, items] : work) {
    std::optional<std::pair<int64_t, int64_t>> core = parseCoreKey(key);
    if (!core)
      return func.emitError() << "expected work partition keys of the form "
                                 "\"(x,y)\" but got \""
                              << key << "\"";
    if (!inGrid(*core, grid))
      return func.emitError() << "expected work partition cores within the "
                                 "core grid "
                              << formatGrid(*grid) << " but got \"" << key
                              << "\"";
    std::string normal = formatCoreKey(core->first, core->second);
    if (!seen.insert(normal).second)
      return func.emitError() << "expected one work partition entry per core "
                                 "but core "
                              << normal << " has two";
    SmallVector<Attribute> itemAttrs;
    for (const WorkItem &item : items) {
      auto attr = WorkItemAttr::getChecked(
          [&] { return func.emitError(); }, ctx, item.io, item.jo, item.lenK,
          item.tileOrder, item.lenM, item.lenN);
      if (!attr)
        return failure();
      itemAttrs.push_back(attr);
    }
    entries.emplace_back(StringAttr::get(ctx, normal),
                         ArrayAttr::get(ctx, itemAttrs));
  }
  auto dict = DictionaryAttr::get(ctx, entries);
  if (auto ranges =
          func->getAttrOfType<ArrayAttr>(TTDialect::kCoreRangesAttrName))
    if (std::optional<StringRef> core = uncoveredCore(dict, ranges))
      return func.emitError() << "expected work partition cores within the "
                                 "core ranges "
                              << ranges << " but got " << *core;
  func->setAttr(TTDialect::kWorkPartitionAttrName, dict);
  return success();
}

LogicalResult mlir::tilett::tt::withLayoutDesc(func::FuncOp func,
                                               DictionaryAttr layouts) {
  for (NamedAttribute entry : layouts)
    if (failed(verifyLayout(func, entry.getName().getValue(),
                            entry.getValue())))
      return failure();
  NamedAttrList merged(
      func->getAttrOfType<DictionaryAttr>(TTDialect::kLayoutDescAttrName));
  for (NamedAttribute entry : layouts)
    merged.set(entry.getName(), entry.getValue());
  func->setAttr(TTDialect::kLayoutDescAttrName,
                merged.getDictionary(func.getContext()));
  return success();
}

LogicalResult mlir::tilett::tt::withLayoutDesc(func::FuncOp func,
                                               StringRef buffer,
                                               Attribute layout) {
  MLIRContext *ctx = func.getContext();
  return withLayoutDesc(
      func, DictionaryAttr::get(
                ctx, {NamedAttribute(StringAttr::get(ctx, buffer), layout)}));
}

LogicalResult
mlir::tilett::tt::withComputeConfig(func::FuncOp func,
                                    std::optional<StringRef> mathFidelity,
                                    std::optional<bool> mathApprox) {
  if (mathFidelity && !isMathFidelityName(*mathFidelity))
    return func.emitError() << "expected math_fidelity LoFi, HiFi2, HiFi3 or "
                               "HiFi4 but got '"
                            << *mathFidelity << "'";
  MLIRContext *ctx = func.getContext();
  NamedAttrList entries;
  if (Attribute old = func->getAttr(kComputeConfigAttrName)) {
    auto dict = dyn_cast<DictionaryAttr>(old);
    if (!dict)
      return func.emitError() << "expected " << kComputeConfigAttrName
                              << " to be a dictionary but got " << old;
    entries.append(dict.getValue());
  }
  if (mathFidelity)
    entries.set("math_fidelity", StringAttr::get(ctx, *mathFidelity));
  if (mathApprox)
    entries.set("math_approx_mode", BoolAttr::get(ctx, *mathApprox));
  func->setAttr(kComputeConfigAttrName, entries.getDictionary(ctx));
  return success();
}
