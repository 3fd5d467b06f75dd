//===- TTSugar.h - Attach tt metadata to kernel functions -------*- C++ -*-===//
//
// IR sugar: the one programmatic way user intent reaches the tt metadata
// attributes (DESIGN.md). The functions mirror the original TileLang-TT
// backend's ir_sugar.py (with_core_grid, with_core_ranges,
// with_work_partition, with_layout_desc) but, unlike it, check their input
// against the function and the attributes already on it: on a bad value they
// emit an error at the function and leave it unchanged.
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_DIALECT_TT_IR_TTSUGAR_H
#define TILETT_DIALECT_TT_IR_TTSUGAR_H

#include "tilett/Dialect/TT/IR/TTAttrs.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/LLVM.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mlir::tilett::tt {

/// A rectangle of cores as the original backend's `CoreRange`: `start`
/// (sx, sy) and `extent` (ex, ey), a size and not an end.
struct CoreRange {
  int64_t sx, sy;
  int64_t ex, ey;
};

/// One unit of output work as the original backend's `WorkItem` (io, jo,
/// len_k, tile_order) with tilett's extent extension (len_m, len_n).
struct WorkItem {
  int64_t io, jo;
  int64_t lenK = 0;
  TileOrder tileOrder = TileOrder::RowMajor;
  int64_t lenM = 1, lenN = 1;
};

/// Core key "(x,y)" → the core's work items, as `tt.work_partition`.
using WorkPartition = std::map<std::string, std::vector<WorkItem>>;

/// Sets `tt.core_grid = (gx, gy)`. The grid must be positive, fit the
/// module's `tt.arch` when it has one, and hold the core ranges and work
/// partition already on `func`.
LogicalResult withCoreGrid(func::FuncOp func, int64_t gx, int64_t gy);

/// Sets `tt.core_ranges`. The ranges must be non-empty, disjoint, inside the
/// core grid (`tt.core_grid`, else the arch's) and cover every core of an
/// existing work partition. Unlike ir_sugar.py no legacy single-range
/// `tt.core_range` is mirrored: tilett upgrades that attribute on input and
/// never stores a value twice.
LogicalResult withCoreRanges(func::FuncOp func, ArrayRef<CoreRange> ranges);

/// Sets `tt.work_partition`. Keys must be "(x,y)" (normalised, so "( 1, 0)"
/// becomes "(1,0)"; two keys naming one core are an error), cores must lie
/// in the core grid and the core ranges, items must be valid work items.
LogicalResult withWorkPartition(func::FuncOp func, const WorkPartition &work);

/// Sets the layout of global buffer `buffer` in `tt.layout_desc`, keeping
/// the other entries. `layout` is a `#tt.layout_desc` (whose shape and dtype
/// must match the buffer) or the original backend's dictionary
/// `{shard = "DRAM"|"L1"|"DDR"|"SRAM", interleave = bool, tile_id_order = s}`
/// (optionally `layout`, `shard_grid`, `shard_shape`), which
/// PropagateTTLayout normalises; unknown keys or values are errors here.
LogicalResult withLayoutDesc(func::FuncOp func, StringRef buffer,
                             Attribute layout);

/// with_layout_desc's own form: every entry of `layouts` (buffer name →
/// layout) as above; nothing is changed unless all are valid.
LogicalResult withLayoutDesc(func::FuncOp func, DictionaryAttr layouts);

/// Sets the compute kernels' math fidelity ("LoFi", "HiFi2", "HiFi3" or
/// "HiFi4") and/or approximate SFPU mode in `tt.compute_config`, keeping its
/// other entries. An annotation wins over the compile's --math-fidelity /
/// --math-approx (tilett's addition; ir_sugar.py has no such call).
LogicalResult withComputeConfig(func::FuncOp func,
                                std::optional<StringRef> mathFidelity,
                                std::optional<bool> mathApprox);

} // namespace mlir::tilett::tt

#endif // TILETT_DIALECT_TT_IR_TTSUGAR_H
