//===- TTDialect.cpp - Tenstorrent dialect and metadata verification ------===//

#include "tilett/Dialect/TT/IR/TTOps.h"
#include "tilett/Host/HostPlan.h"
#include "tilett/Target/Metalium/PlanSchema.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::tilett::tt;

#include "tilett/Dialect/TT/IR/TTOpsDialect.cpp.inc"
#include "tilett/Dialect/TT/IR/TTOpsEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "tilett/Dialect/TT/IR/TTOpsAttrs.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "tilett/Dialect/TT/IR/TTOpsTypes.cpp.inc"

void TTDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "tilett/Dialect/TT/IR/TTOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "tilett/Dialect/TT/IR/TTOpsAttrs.cpp.inc"
      >();
  addTypes<
#define GET_TYPEDEF_LIST
#include "tilett/Dialect/TT/IR/TTOpsTypes.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

ArchInfo mlir::tilett::tt::getArchInfo(Arch arch) {
  switch (arch) {
  case Arch::WormholeB0:
    return {8, 8, 1464 * 1024, int64_t(12) << 30, 287.0};
  case Arch::Blackhole:
    // 448 GB/s at the 1.35 GHz core clock.
    return {13, 10, 1536 * 1024, int64_t(32) << 30, 448.0 / 1.35};
  }
  llvm_unreachable("unknown arch");
}

int64_t mlir::tilett::tt::getElementBytes(Type type) {
  // Tile element types: the one dtype table (tilett/Host/HostPlan.h).
  if (const ::tilett_host::DTypeInfo *d =
          ::tilett_host::findDType(getDTypeName(type)))
    return d->bytes;
  if (type.isInteger(16))
    return 2;
  if (type.isInteger(8))
    return 1;
  return 0;
}

int64_t mlir::tilett::tt::getTileBytes(Type type) {
  return 32 * 32 * getElementBytes(type);
}

std::string mlir::tilett::tt::formatCoreKey(int64_t x, int64_t y) {
  return plan::formatCoreKey(x, y);
}

std::optional<std::pair<int64_t, int64_t>>
mlir::tilett::tt::parseCoreKey(StringRef key) {
  // The one rule for core keys (PlanSchema.h).
  llvm::Expected<std::pair<uint32_t, uint32_t>> core = plan::parseCoreKey(key);
  if (!core) {
    llvm::consumeError(core.takeError());
    return std::nullopt;
  }
  return std::make_pair(int64_t(core->first), int64_t(core->second));
}

//===----------------------------------------------------------------------===//
// Attribute verifiers
//===----------------------------------------------------------------------===//

LogicalResult CoreGridAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   int64_t gx, int64_t gy) {
  if (gx <= 0 || gy <= 0)
    return emitError() << "core grid must be positive but got (" << gx << ", "
                       << gy << ")";
  return success();
}

LogicalResult
CoreRangeAttr::verify(function_ref<InFlightDiagnostic()> emitError, int64_t sx,
                      int64_t sy, int64_t ex, int64_t ey) {
  if (sx < 0 || sy < 0)
    return emitError() << "core range start must be non-negative but got ("
                       << sx << ", " << sy << ")";
  if (ex <= 0 || ey <= 0)
    return emitError() << "core range extent must be positive but got (" << ex
                       << ", " << ey << ")";
  return success();
}

LogicalResult WorkItemAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   int64_t io, int64_t jo, int64_t lenK,
                                   TileOrder, int64_t lenM, int64_t lenN) {
  if (io < 0 || jo < 0)
    return emitError() << "work item origin must be non-negative but got ("
                       << io << ", " << jo << ")";
  if (lenK < 0)
    return emitError() << "work item len_k must be non-negative but got "
                       << lenK;
  if (lenM <= 0 || lenN <= 0)
    return emitError() << "work item extent must be positive but got "
                       << lenM << "x" << lenN;
  return success();
}

bool mlir::tilett::tt::isTileElementType(Type type) {
  return type.isBF16() || type.isF16() || type.isF32() ||
         type.isInteger(32);
}

std::string mlir::tilett::tt::getDTypeName(Type type) {
  if (type.isBF16())
    return "bf16";
  if (type.isF16())
    return "f16";
  if (type.isF32())
    return "f32";
  if (type.isInteger(32))
    return "i32";
  std::string s;
  llvm::raw_string_ostream os(s);
  type.print(os);
  return s;
}

LogicalResult LayoutDescAttr::verify(
    function_ref<InFlightDiagnostic()> emitError, MemorySpace, BufferLayout layout,
    TileOrder, Type dtype, ArrayRef<int64_t> tile, ArrayRef<int64_t> shape,
    ArrayRef<int64_t> padded, int64_t pageSize, ArrayRef<int64_t> shardGrid,
    ArrayRef<int64_t> shardShape) {
  if (!isTileElementType(dtype))
    return emitError() << "layout dtype must be bf16, f16, f32 or i32 but got "
                       << dtype;
  if (tile.size() != 2 || tile[0] <= 0 || tile[1] <= 0)
    return emitError() << "layout tile must be two positive sizes";
  if (shape.size() != padded.size() || shape.empty())
    return emitError() << "layout shape and padded_shape must have the same, "
                          "non-zero rank";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] <= 0 || padded[i] < shape[i])
      return emitError() << "layout padded_shape must cover shape in dim "
                         << i << " but got " << padded[i] << " < "
                         << shape[i];
  }
  if (padded.size() >= 2 && (padded[padded.size() - 2] % tile[0] != 0 ||
                             padded.back() % tile[1] != 0))
    return emitError() << "layout padded_shape must be a multiple of the tile";
  int64_t expectedPage = tile[0] * tile[1] * getElementBytes(dtype);
  if (pageSize != expectedPage)
    return emitError() << "layout page_size must be " << expectedPage
                       << " bytes (one tile) but got " << pageSize;
  bool sharded = layout != BufferLayout::Interleaved;
  if (sharded && (shardGrid.size() != 2 || shardShape.size() != 2))
    return emitError() << "sharded layout needs shard_grid and shard_shape";
  if (!sharded && (!shardGrid.empty() || !shardShape.empty()))
    return emitError() << "interleaved layout must not have a shard grid";
  return success();
}

SmallVector<int64_t> LayoutDescAttr::getTileGrid() const {
  SmallVector<int64_t> grid(getPaddedShape());
  if (grid.size() >= 2) {
    grid[grid.size() - 2] /= getTile()[0];
    grid.back() /= getTile()[1];
  } else if (!grid.empty()) {
    // A 1-D buffer is a column vector: one element per tile row.
    grid.back() = (grid.back() + getTile()[0] - 1) / getTile()[0];
  }
  return grid;
}

int64_t LayoutDescAttr::getNumTiles() const {
  int64_t n = 1;
  for (int64_t g : getTileGrid())
    n *= g;
  return n;
}

LogicalResult CBDescAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 int64_t index, Type dtype, int64_t pageSize,
                                 int64_t numPages, StringRef) {
  if (index < 0 || index > 31)
    return emitError() << "circular buffer index must be in [0, 31] but got "
                       << index;
  if (!isTileElementType(dtype))
    return emitError() << "circular buffer dtype must be bf16, f16, f32 or "
                          "i32 but got "
                       << dtype;
  if (pageSize <= 0 || numPages <= 0)
    return emitError() << "circular buffer needs a positive page size and "
                          "page count";
  return success();
}

//===----------------------------------------------------------------------===//
// Discardable `tt.*` attributes on operations
//===----------------------------------------------------------------------===//

/// Names the original backend used; they are upgraded by the pipeline
/// (see Transforms/LegacyAttributes) and are only type-checked here.
static bool isLegacyAttrName(StringRef name) {
  return llvm::is_contained(
      {"tt.grid", "tt.runtime_args", "tt.block_shape", "tt.start_tile",
       "tt.core_range", "tt.schedule", "tt.shard", "tt.plan"},
      name);
}

static LogicalResult verifyCoreRanges(Operation *op, ArrayAttr ranges) {
  auto grid = op->getAttrOfType<CoreGridAttr>(TTDialect::kCoreGridAttrName);
  for (Attribute a : ranges) {
    auto range = dyn_cast<CoreRangeAttr>(a);
    if (!range)
      return op->emitOpError() << "expected tt.core_ranges to hold "
                                  "#tt.core_range but got "
                               << a;
    if (grid && (range.getSx() + range.getEx() > grid.getGx() ||
                 range.getSy() + range.getEy() > grid.getGy()))
      return op->emitOpError()
             << "core range " << range << " exceeds the core grid "
             << grid;
  }
  return success();
}

static LogicalResult verifyWorkPartition(Operation *op, DictionaryAttr dict) {
  auto grid = op->getAttrOfType<CoreGridAttr>(TTDialect::kCoreGridAttrName);
  for (NamedAttribute entry : dict) {
    auto core = parseCoreKey(entry.getName().getValue());
    if (!core)
      return op->emitOpError() << "expected tt.work_partition keys of the "
                                  "form \"(x,y)\" but got \""
                               << entry.getName().getValue() << "\"";
    if (grid && (core->first >= grid.getGx() || core->second >= grid.getGy()))
      return op->emitOpError()
             << "tt.work_partition names core " << entry.getName().getValue()
             << " outside the core grid " << grid;
    auto items = dyn_cast<ArrayAttr>(entry.getValue());
    if (!items)
      return op->emitOpError() << "expected a list of #tt.work_item for core "
                               << entry.getName().getValue();
    for (Attribute item : items)
      if (!isa<WorkItemAttr>(item))
        return op->emitOpError() << "expected #tt.work_item but got " << item;
  }
  return success();
}

/// "LoFi, HiFi2, HiFi3 or HiFi4": the MathFidelity names, for messages.
static std::string getMathFidelityList() {
  std::string list;
  for (uint32_t i = 0; i <= getMaxEnumValForMathFidelity(); ++i) {
    if (i)
      list += i == getMaxEnumValForMathFidelity() ? " or " : ", ";
    list += stringifyMathFidelity(*symbolizeMathFidelity(i)).str();
  }
  return list;
}

/// `tt.compute_config`: the compute kernels' ComputeConfig, as a user
/// annotates it (any of the entries) or the lowering records it (all):
/// {fp32_dest_acc_en = bool, math_fidelity = "<MathFidelity>",
/// math_approx_mode = bool}.
static LogicalResult verifyComputeConfig(Operation *op, Attribute value) {
  auto dict = dyn_cast<DictionaryAttr>(value);
  if (!dict)
    return op->emitOpError()
           << "expected tt.compute_config to be a dictionary {math_fidelity "
              "= \"HiFi2\", math_approx_mode = true} but got "
           << value;
  for (NamedAttribute entry : dict) {
    StringRef key = entry.getName().getValue();
    Attribute v = entry.getValue();
    if (key == "math_fidelity") {
      auto fidelity = dyn_cast<StringAttr>(v);
      if (!fidelity || !symbolizeMathFidelity(fidelity.getValue()))
        return op->emitOpError() << "expected tt.compute_config math_fidelity "
                                 << getMathFidelityList() << " but got " << v;
    } else if (key == "math_approx_mode" || key == "fp32_dest_acc_en") {
      if (!isa<BoolAttr>(v))
        return op->emitOpError() << "expected tt.compute_config " << key
                                 << " true or false but got " << v;
    } else {
      return op->emitOpError()
             << "unknown tt.compute_config entry '" << key
             << "'; expected fp32_dest_acc_en, math_fidelity or "
                "math_approx_mode";
    }
  }
  return success();
}

/// `tt.kernel_args` / `tt.compile_args`: per kernel kind, the list of
/// argument descriptors ("addr:A", "accessor:A", "num_items", ...) the plan
/// turns into runtime and compile-time arguments.
static LogicalResult verifyKernelArgs(Operation *op, StringRef name,
                                      Attribute value) {
  auto dict = dyn_cast<DictionaryAttr>(value);
  if (!dict)
    return op->emitOpError() << "expected " << name
                             << " to be a dictionary from kernel kind to a "
                                "list of strings but got "
                             << value;
  for (NamedAttribute entry : dict) {
    StringRef kind = entry.getName().getValue();
    if (!symbolizeKernelKind(kind))
      return op->emitOpError() << "expected " << name
                               << " keys reader, compute or writer but got '"
                               << kind << "'";
    auto list = dyn_cast<ArrayAttr>(entry.getValue());
    if (!list || !llvm::all_of(list, llvm::IsaPred<StringAttr>))
      return op->emitOpError() << "expected " << name << "." << kind
                               << " to be a list of strings but got "
                               << entry.getValue();
  }
  return success();
}

LogicalResult TTDialect::verifyOperationAttribute(Operation *op,
                                                  NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  Attribute value = attr.getValue();
  auto expect = [&](bool ok, StringRef what) -> LogicalResult {
    if (ok)
      return success();
    return op->emitOpError()
           << "expected " << name << " to be " << what << " but got " << value;
  };
  if (name == kCoreGridAttrName)
    return expect(isa<CoreGridAttr>(value), "a #tt.core_grid");
  if (name == kArchAttrName)
    return expect(isa<ArchAttr>(value), "a #tt.arch");
  if (name == kKernelKindAttrName)
    return expect(isa<KernelKindAttr>(value), "a #tt.kernel_kind");
  if (name == kPartitionStrategyAttrName)
    return expect(isa<PartitionStrategyAttr>(value),
                  "a #tt.partition_strategy");
  if (name == kBufferRolesAttrName) {
    auto dict = dyn_cast<DictionaryAttr>(value);
    return expect(dict && llvm::all_of(dict, [](NamedAttribute role) {
                    auto s = dyn_cast<StringAttr>(role.getValue());
                    return s && llvm::is_contained(
                                    {"input", "output", "inout"}, s.getValue());
                  }),
                  "a dictionary from buffer name to \"input\", \"output\" "
                  "or \"inout\"");
  }
  if (name == kMcastGroupsAttrName) {
    auto list = dyn_cast<ArrayAttr>(value);
    return expect(list && llvm::all_of(list, llvm::IsaPred<McastGroupAttr>),
                  "a list of #tt.mcast_group");
  }
  if (name == kCoreRangesAttrName) {
    auto ranges = dyn_cast<ArrayAttr>(value);
    if (!ranges)
      return expect(false, "a list of #tt.core_range");
    return verifyCoreRanges(op, ranges);
  }
  if (name == kWorkPartitionAttrName) {
    auto dict = dyn_cast<DictionaryAttr>(value);
    if (!dict)
      return expect(false, "a dictionary from \"(x,y)\" to work items");
    return verifyWorkPartition(op, dict);
  }
  if (name == kLayoutDescAttrName) {
    auto dict = dyn_cast<DictionaryAttr>(value);
    if (!dict)
      return expect(false, "a dictionary from buffer name to layout");
    for (NamedAttribute entry : dict)
      if (!isa<LayoutDescAttr>(entry.getValue()) &&
          !isa<DictionaryAttr>(entry.getValue()))
        return op->emitOpError()
               << "expected a #tt.layout_desc (or a user layout dictionary) "
                  "for buffer '"
               << entry.getName().getValue() << "' but got "
               << entry.getValue();
    return success();
  }
  if (name == kCBDescAttrName) {
    auto list = dyn_cast<ArrayAttr>(value);
    if (!list)
      return expect(false, "a list of #tt.cb_desc");
    llvm::SmallDenseSet<int64_t> seen;
    for (Attribute a : list) {
      auto cb = dyn_cast<CBDescAttr>(a);
      if (!cb)
        return op->emitOpError() << "expected #tt.cb_desc but got " << a;
      if (!seen.insert(cb.getIndex()).second)
        return op->emitOpError()
               << "circular buffer index " << cb.getIndex() << " used twice";
    }
    return success();
  }
  if (name == kKernelsAttrName) {
    auto list = dyn_cast<ArrayAttr>(value);
    // Empty is well-typed; the plan builder says what is missing.
    return expect(list && llvm::all_of(list, llvm::IsaPred<FlatSymbolRefAttr>),
                  "a list of kernel function symbols");
  }
  if (name == kKernelArgsAttrName || name == kCompileArgsAttrName)
    return verifyKernelArgs(op, name, value);
  if (name == kComputeConfigAttrName)
    return verifyComputeConfig(op, value);
  if (name == kLegacyPassesRunAttrName) {
    auto list = dyn_cast<ArrayAttr>(value);
    return expect(list && llvm::all_of(list, llvm::IsaPred<StringAttr>),
                  "a list of pass names");
  }
  // The upgrade (Transforms/LegacyAttributes) checks these with messages in
  // the original backend's terms, and verify_tt_ir refuses any left over.
  if (isLegacyAttrName(name))
    return success();
  return op->emitOpError() << "unknown tt dialect attribute '" << name << "'";
}
