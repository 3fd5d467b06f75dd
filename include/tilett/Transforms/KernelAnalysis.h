//===- KernelAnalysis.h - What the passes need to know about a kernel -*- C++ -*-===//
//
// One place that finds kernel functions and classifies their buffers, so that
// every pass names buffers and derives roles the same way (IR_CONTRACTS.md,
// "Names").
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_TRANSFORMS_KERNELANALYSIS_H
#define TILETT_TRANSFORMS_KERNELANALYSIS_H

#include "tilett/Dialect/TL/IR/TLOps.h"
#include "tilett/Dialect/TT/IR/TTAttrs.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"

#include <optional>
#include <string>

namespace mlir::tilett {

/// The role of a buffer, from the dataflow (never from its name).
enum class BufferRole { Unused, Input, Output, InOut };
StringRef stringifyBufferRole(BufferRole role);

/// A kernel function argument that is a global tensor.
struct GlobalBuffer {
  BlockArgument arg;
  std::string name;
  bool read = false;    ///< Source of a tl.copy load.
  bool written = false; ///< Destination of a tl.copy store.
  BufferRole getRole() const;
};

/// How a block-local buffer is connected to global memory; it fixes the
/// buffer's circular-buffer index range (IR_CONTRACTS.md, tt.cb_desc).
enum class LocalKind { Load, Store, Other };

/// A `tl.alloc_shared` / `tl.alloc_fragment` of the kernel.
struct LocalBuffer {
  Operation *alloc;
  Value value;
  std::string name;
  MemRefType type;
  LocalKind kind = LocalKind::Other;
  /// Pages per tile of this buffer in its circular buffer: the pipeline
  /// depth of the loop around the copies that stream it (1 outside loops).
  int64_t stages = 1;
  /// The global buffer a load fills it from (for carrying tile_id_order).
  std::optional<unsigned> source;
};

/// A kernel function and its buffers.
struct KernelInfo {
  func::FuncOp func;
  tl::KernelOp kernel;
  SmallVector<GlobalBuffer> globals;
  SmallVector<LocalBuffer> locals;
  /// The first store tl.copy; its local side is the kernel's output block.
  tl::CopyOp firstStore;

  /// Analyses `func`; std::nullopt if it is not a kernel function.
  static std::optional<KernelInfo> analyze(func::FuncOp func);

  const GlobalBuffer *findGlobal(StringRef name) const;
  const LocalBuffer *findLocal(Value value) const;
};

/// True if `func`'s body holds exactly one `tl.kernel`.
bool isKernelFunction(func::FuncOp func);

/// Every `tl.kernel` under `root` with its enclosing function, collected
/// first so that `fn` may rewrite them; stops at the first failure.
LogicalResult forEachKernel(
    Operation *root,
    function_ref<LogicalResult(func::FuncOp, tl::KernelOp)> fn);

/// Rows and columns of a tile.
constexpr int64_t kTileDim = 32;

/// Number of 32x32 tiles a block-local buffer occupies, its tiled dims
/// rounded up to whole tiles (IR_CONTRACTS.md, "Input"); std::nullopt if its
/// shape is not static.
std::optional<int64_t> getLocalTileCount(MemRefType type);
/// Tiles along the rows and columns of a local buffer. A 1-D buffer is a
/// column vector: element i sits at row i % 32, column 0 of tile i / 32, so
/// N elements take N/32 tile rows and one tile column (IR_CONTRACTS.md).
std::optional<std::pair<int64_t, int64_t>> getLocalTileExtent(MemRefType type);

/// The largest divisor of `extent` that is at most `limit` (at least 1):
/// DST sub-blocks, transfer chunks, the cores of a cyclic grid.
int64_t largestDivisorAtMost(int64_t extent, int64_t limit);

/// The coefficient c of `iv` in `v` = c * iv + (terms free of iv), through
/// pure integer add, sub and multiplication by constants; any other block
/// argument counts as free of `iv`. std::nullopt when `v` is not of that
/// form.
std::optional<int64_t> getIVCoefficient(Value v, Value iv);

/// Reduction length in tiles of the kernel's first gemm: its K tiles per
/// step times the trip counts of the pipelined loops around it; 0 without
/// a gemm.
int64_t getReductionTiles(tl::KernelOp kernel);

/// Shape padded to whole tiles: the last two dims to multiples of 32, a
/// 1-D shape (a column vector, one element per tile row) to a multiple of
/// 32.
SmallVector<int64_t> padToTiles(ArrayRef<int64_t> shape);

/// The default layout of a buffer: interleaved, 32x32 tiles, one tile per
/// page, padded to whole tiles.
tt::LayoutDescAttr getDefaultLayout(MLIRContext *ctx, MemRefType type,
                                    tt::MemorySpace memory,
                                    tt::TileOrder order = tt::TileOrder::RowMajor);


} // namespace mlir::tilett

#endif // TILETT_TRANSFORMS_KERNELANALYSIS_H
