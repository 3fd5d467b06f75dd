//===- PropagateTTLayout.cpp - Layouts for local buffers, CBs -------------===//
//
// Second of the five passes: normalises the user's layout spellings, grows
// padded shapes to whole copy windows, carries layouts to block-local
// buffers, derives one circular buffer per local buffer and checks what
// Tensix needs: matching gemm operand types, 32x32 tile alignment, and
// circular buffers that fit in L1 (IR_CONTRACTS.md, "After PropagateTTLayout").
//
//===----------------------------------------------------------------------===//

#include "tilett/Transforms/KernelAnalysis.h"
#include "tilett/Transforms/Passes.h"

#include <numeric>

namespace mlir::tilett {
#define GEN_PASS_DEF_PROPAGATETTLAYOUT
#include "tilett/Transforms/Passes.h.inc"
} // namespace mlir::tilett

namespace mlir::tilett {
namespace {

/// L1 kept free for kernel code, stacks and the firmware's mailboxes.
constexpr int64_t kReservedL1Bytes = 100 * 1024;

/// First circular buffer index of each range (IR_CONTRACTS.md, tt.cb_desc).
constexpr int64_t kLoadCBBase = 0, kStoreCBBase = 16, kOtherCBBase = 24;
constexpr int64_t kCBLimit[] = {16, 24, 32};

int64_t roundUp(int64_t v, int64_t m) { return (v + m - 1) / m * m; }

/// Reads a list of integers written as `[1, 2]` or `array<i64: 1, 2>`.
std::optional<SmallVector<int64_t>> getIntList(Attribute attr) {
  if (auto dense = dyn_cast_or_null<DenseI64ArrayAttr>(attr))
    return SmallVector<int64_t>(dense.asArrayRef());
  auto array = dyn_cast_or_null<ArrayAttr>(attr);
  if (!array)
    return std::nullopt;
  SmallVector<int64_t> values;
  for (Attribute a : array) {
    auto i = dyn_cast<IntegerAttr>(a);
    if (!i)
      return std::nullopt;
    values.push_back(i.getInt());
  }
  return values;
}

/// A default shard shape that splits `padded` over `grid` cores.
SmallVector<int64_t> defaultShardShape(tt::BufferLayout layout,
                                       ArrayRef<int64_t> padded,
                                       ArrayRef<int64_t> grid) {
  int64_t rows = 1;
  for (int64_t d : padded.drop_back())
    rows *= d;
  int64_t cols = padded.back(), cores = grid[0] * grid[1];
  auto split = [](int64_t n, int64_t parts) {
    return roundUp((n + parts - 1) / parts, 32);
  };
  switch (layout) {
  case tt::BufferLayout::HeightSharded:
    return {split(rows, cores), cols};
  case tt::BufferLayout::WidthSharded:
    return {rows, split(cols, cores)};
  default:
    return {split(rows, grid[1]), split(cols, grid[0])};
  }
}

class PropagateTTLayout
    : public impl::PropagateTTLayoutBase<PropagateTTLayout> {
public:
  using PropagateTTLayoutBase::PropagateTTLayoutBase;

  void runOnOperation() final {
    ModuleOp module = getOperation();
    auto arch =
        module->getAttrOfType<tt::ArchAttr>(tt::TTDialect::kArchAttrName);
    for (auto func : module.getOps<func::FuncOp>()) {
      std::optional<KernelInfo> kernel = KernelInfo::analyze(func);
      if (!kernel)
        continue;
      if (!arch) {
        module.emitError() << "expected tt.arch on the module; run "
                              "tt-infer-layout first";
        return signalPassFailure();
      }
      if (failed(propagate(*kernel, tt::getArchInfo(arch.getValue()))))
        return signalPassFailure();
    }
  }

private:
  LogicalResult propagate(KernelInfo &kernel, const tt::ArchInfo &arch);
  FailureOr<tt::LayoutDescAttr>
  normalise(KernelInfo &kernel, const GlobalBuffer &buffer, Attribute entry,
            ArrayRef<int64_t> padded);
  LogicalResult checkOperands(KernelInfo &kernel);
};

/// Every dimension a copy window tiles must be a multiple of the window's
/// extent, so lowering never needs bounds checks: the host zero-pads.
DenseMap<Value, SmallVector<int64_t>> computePaddedShapes(KernelInfo &kernel) {
  DenseMap<Value, SmallVector<int64_t>> multiples;
  for (const GlobalBuffer &g : kernel.globals) {
    ArrayRef<int64_t> shape = cast<MemRefType>(g.arg.getType()).getShape();
    SmallVector<int64_t> mult(shape.size(), 1);
    if (mult.size() == 1)
      mult[0] = 32;
    else if (mult.size() >= 2)
      mult[mult.size() - 2] = mult.back() = 32;
    multiples[g.arg] = mult;
  }
  kernel.kernel.walk([&](tl::CopyOp copy) {
    Value global = copy.getGlobal();
    auto it = global ? multiples.find(global) : multiples.end();
    if (it == multiples.end())
      return;
    ArrayRef<int64_t> window =
        cast<MemRefType>(copy.getLocal().getType()).getShape();
    SmallVector<int64_t> &mult = it->second;
    if (window.size() > mult.size())
      return;
    size_t lead = mult.size() - window.size();
    // Tiled dims (the last two, or the only one) move whole tiles, so a
    // window's extent there counts rounded up to a tile.
    for (size_t d = 0; d < window.size(); ++d) {
      bool tiled = lead + d + 2 >= mult.size();
      int64_t extent = tiled ? roundUp(window[d], 32) : window[d];
      if (extent > 0)
        mult[lead + d] = std::lcm(mult[lead + d], extent);
    }
  });
  DenseMap<Value, SmallVector<int64_t>> padded;
  for (const GlobalBuffer &g : kernel.globals) {
    ArrayRef<int64_t> shape = cast<MemRefType>(g.arg.getType()).getShape();
    SmallVector<int64_t> p(shape);
    for (size_t d = 0; d < p.size(); ++d)
      p[d] = roundUp(p[d], multiples[g.arg][d]);
    padded[g.arg] = p;
  }
  return padded;
}

FailureOr<tt::LayoutDescAttr>
PropagateTTLayout::normalise(KernelInfo &kernel, const GlobalBuffer &buffer,
                             Attribute entry, ArrayRef<int64_t> padded) {
  func::FuncOp func = kernel.func;
  MLIRContext *ctx = func.getContext();
  auto type = cast<MemRefType>(buffer.arg.getType());
  auto grid =
      func->getAttrOfType<tt::CoreGridAttr>(tt::TTDialect::kCoreGridAttrName);
  SmallVector<int64_t> coreGrid = {grid ? grid.getGx() : 1,
                                   grid ? grid.getGy() : 1};

  if (auto desc = dyn_cast<tt::LayoutDescAttr>(entry)) {
    if (desc.getDtype() != type.getElementType() ||
        desc.getShape() != type.getShape())
      return func.emitError()
             << "tt.layout_desc for buffer '" << buffer.name
             << "' describes " << desc.getDtype() << " of shape ["
             << desc.getShape() << "] but the buffer is " << type;
    SmallVector<int64_t> grown(padded);
    for (size_t d = 0; d < grown.size(); ++d)
      grown[d] = std::max(grown[d], desc.getPaddedShape()[d]);
    return tt::LayoutDescAttr::get(
        ctx, desc.getMemory(), desc.getLayout(), desc.getTileIdOrder(),
        desc.getDtype(), desc.getTile(), desc.getShape(), grown,
        desc.getPageSize(), desc.getShardGrid(), desc.getShardShape());
  }

  // The original backend's user dictionary:
  // {"shard": "DRAM"|"L1"|"DDR"|"SRAM", "interleave": bool, "tile_id_order": s}.
  auto dict = cast<DictionaryAttr>(entry);
  tt::MemorySpace memory = tt::MemorySpace::DRAM;
  if (Attribute shard = dict.get("shard")) {
    auto s = dyn_cast<StringAttr>(shard);
    std::string v = s ? s.getValue().lower() : "";
    if (v == "dram" || v == "ddr")
      memory = tt::MemorySpace::DRAM;
    else if (v == "l1" || v == "sram")
      memory = tt::MemorySpace::L1;
    else
      return func.emitError() << "expected shard of buffer '" << buffer.name
                              << "' to be DRAM, L1, DDR or SRAM but got "
                              << shard;
  }
  bool interleave = true;
  if (Attribute attr = dict.get("interleave")) {
    auto b = dyn_cast<BoolAttr>(attr);
    if (!b)
      return func.emitError() << "expected interleave of buffer '"
                              << buffer.name << "' to be a bool but got "
                              << attr;
    interleave = b.getValue();
  }
  tt::TileOrder order = tt::TileOrder::RowMajor;
  if (Attribute attr = dict.get("tile_id_order")) {
    auto s = dyn_cast<StringAttr>(attr);
    std::optional<tt::TileOrder> parsed =
        s ? tt::symbolizeTileOrder(s.getValue().lower()) : std::nullopt;
    if (parsed) {
      order = *parsed;
    } else {
      func.emitWarning() << "unknown tile_id_order " << attr << " for buffer '"
                         << buffer.name << "'; using row_major";
    }
  }
  tt::BufferLayout layout = interleave ? tt::BufferLayout::Interleaved
                                       : tt::BufferLayout::BlockSharded;
  if (Attribute attr = dict.get("layout")) {
    auto s = dyn_cast<StringAttr>(attr);
    std::optional<tt::BufferLayout> parsed =
        s ? tt::symbolizeBufferLayout(s.getValue()) : std::nullopt;
    if (!parsed)
      return func.emitError() << "expected layout of buffer '" << buffer.name
                              << "' to be interleaved, height_sharded, "
                                 "width_sharded or block_sharded but got "
                              << attr;
    layout = *parsed;
  }
  SmallVector<int64_t> shardGrid, shardShape;
  if (layout != tt::BufferLayout::Interleaved) {
    if (type.getRank() < 2)
      return func.emitError() << "buffer '" << buffer.name
                              << "' must have rank 2 or more to be sharded";
    shardGrid = getIntList(dict.get("shard_grid")).value_or(coreGrid);
    shardShape = getIntList(dict.get("shard_shape"))
                     .value_or(defaultShardShape(layout, padded, shardGrid));
    if (shardGrid.size() != 2 || shardShape.size() != 2)
      return func.emitError() << "expected shard_grid and shard_shape of "
                                 "buffer '"
                              << buffer.name << "' to be two integers each";
  }
  Type dtype = type.getElementType();
  return tt::LayoutDescAttr::getChecked(
      [&] { return func.emitError(); }, ctx, memory, layout, order, dtype,
      ArrayRef<int64_t>{32, 32}, type.getShape(), ArrayRef<int64_t>(padded),
      tt::getTileBytes(dtype), ArrayRef<int64_t>(shardGrid),
      ArrayRef<int64_t>(shardShape));
}

LogicalResult PropagateTTLayout::checkOperands(KernelInfo &kernel) {
  WalkResult result = kernel.kernel.walk([&](tl::GemmOp gemm) {
    Type a = cast<MemRefType>(gemm.getA().getType()).getElementType();
    Type b = cast<MemRefType>(gemm.getB().getType()).getElementType();
    if (a != b) {
      gemm.emitOpError() << "expected A and B of the same element type (the "
                            "matrix engine takes one input format) but got "
                         << a << " and " << b;
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (result.wasInterrupted())
    return failure();
  // A window that is not whole tiles along a tiled dim is padded up to
  // them; that is only sound when it is the global's whole dim (its offset
  // is then 0), since tiles are the unit of every transfer.
  WalkResult windows = kernel.kernel.walk([&](tl::CopyOp copy) {
    Value global = copy.getGlobal();
    if (!global)
      return WalkResult::advance();
    ArrayRef<int64_t> shape = cast<MemRefType>(global.getType()).getShape();
    ArrayRef<int64_t> window =
        cast<MemRefType>(copy.getLocal().getType()).getShape();
    if (window.size() > shape.size())
      return WalkResult::advance();
    // A unit window read (one element, `Sinks[by]`) moves the tile that
    // holds it; the reader extracts the element (DataMovement.cpp).
    if (copy.isElementLoad())
      return WalkResult::advance();
    size_t lead = shape.size() - window.size();
    for (size_t d = 0; d < window.size(); ++d) {
      size_t g = lead + d;
      if (g + 2 < shape.size() || window[d] % 32 == 0 || window[d] == shape[g])
        continue;
      copy.emitOpError()
          << "copies a window of " << window[d] << " elements along dim " << g
          << " of '" << tl::getBufferName(global) << "' (extent " << shape[g]
          << "); Tenstorrent moves whole 32x32 tiles, so a block must be a "
             "multiple of 32 there or cover the whole dimension";
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (windows.wasInterrupted())
    return failure();
  for (const LocalBuffer &local : kernel.locals) {
    if (!getLocalTileCount(local.type))
      return local.alloc->emitOpError()
             << "expected a statically shaped block-local buffer but got "
             << local.type;
    if (!tt::isTileElementType(local.type.getElementType()))
      return local.alloc->emitOpError()
             << "expected a bf16, f16, f32 or i32 buffer but got "
             << local.type;
  }
  return success();
}

LogicalResult PropagateTTLayout::propagate(KernelInfo &kernel,
                                           const tt::ArchInfo &arch) {
  func::FuncOp func = kernel.func;
  MLIRContext *ctx = func.getContext();
  auto layouts =
      func->getAttrOfType<DictionaryAttr>(tt::TTDialect::kLayoutDescAttrName);
  if (!layouts)
    return func.emitError() << "expected tt.layout_desc on kernel function; "
                               "run tt-infer-layout first";
  if (failed(checkOperands(kernel)))
    return failure();

  for (NamedAttribute entry : layouts)
    if (!kernel.findGlobal(entry.getName().getValue()))
      func.emitWarning() << "tt.layout_desc names '"
                         << entry.getName().getValue()
                         << "', which is not a global buffer of @"
                         << func.getSymName() << "; ignoring it";

  DenseMap<Value, SmallVector<int64_t>> padded = computePaddedShapes(kernel);
  NamedAttrList result;
  SmallVector<tt::TileOrder> orders;
  for (const GlobalBuffer &g : kernel.globals) {
    Attribute entry = layouts.get(g.name);
    if (!entry)
      return func.emitError() << "expected a tt.layout_desc entry for buffer '"
                              << g.name << "'; run tt-infer-layout first";
    FailureOr<tt::LayoutDescAttr> desc =
        normalise(kernel, g, entry, padded[g.arg]);
    if (failed(desc))
      return failure();
    orders.push_back(desc->getTileIdOrder());
    result.append(g.name, *desc);
  }

  // Local buffers live in L1 and inherit the tile order of the global that
  // fills them, so tiles arrive in the order the writer expects.
  SmallVector<Attribute> cbs;
  int64_t next[] = {kLoadCBBase, kStoreCBBase, kOtherCBBase};
  int64_t l1Bytes = 0;
  for (const LocalBuffer &local : kernel.locals) {
    if (result.get(local.name) || kernel.findGlobal(local.name))
      return local.alloc->emitOpError()
             << "buffer name '" << local.name
             << "' is used by more than one buffer";
    Type dtype = local.type.getElementType();
    tt::TileOrder order =
        local.source ? orders[*local.source] : tt::TileOrder::RowMajor;
    result.append(local.name,
                  tt::LayoutDescAttr::get(
                      ctx, tt::MemorySpace::L1, tt::BufferLayout::Interleaved,
                      order, dtype, ArrayRef<int64_t>{32, 32},
                      local.type.getShape(), padToTiles(local.type.getShape()),
                      tt::getTileBytes(dtype), {}, {}));

    unsigned range = static_cast<unsigned>(local.kind);
    if (next[range] >= kCBLimit[range])
      return local.alloc->emitOpError()
             << "needs circular buffer " << next[range]
             << " but its range ends at " << kCBLimit[range] - 1
             << "; the kernel has too many block-local buffers";
    int64_t tiles = *getLocalTileCount(local.type);
    auto cb = tt::CBDescAttr::get(ctx, next[range]++, dtype,
                                  tt::getTileBytes(dtype),
                                  tiles * local.stages, local.name);
    l1Bytes += cb.getTotalSize();
    cbs.push_back(cb);
  }

  int64_t available = arch.l1Bytes - kReservedL1Bytes;
  if (l1Bytes > available)
    return func.emitError()
           << "circular buffers need " << l1Bytes << " bytes of L1 but only "
           << available << " are available (" << arch.l1Bytes
           << " minus 100 KiB reserved); use smaller blocks or fewer "
              "pipeline stages";

  func->setAttr(tt::TTDialect::kLayoutDescAttrName, result.getDictionary(ctx));
  func->setAttr(tt::TTDialect::kCBDescAttrName, ArrayAttr::get(ctx, cbs));
  return success();
}

} // namespace
} // namespace mlir::tilett
