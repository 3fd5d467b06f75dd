//===- CoarsenGrid.h - Several TileLang blocks as one per-core block -*- C++ -*-===//
//
// A TileLang block is the program's meaning, not the device's schedule. A
// GEMM in 128x128 blocks on a card with fewer cores than blocks runs
// several blocks per core one after another, and each reloads the operand
// windows it shares with its neighbours: blocks (bx, by) and (bx + 1, by)
// read the same A window. Running F neighbouring blocks as one block F
// times as large along the grid dimension they share a load on computes
// every output element with the same sums in the same order, loads the
// shared window once for all F, and gives the compute kernel longer rows
// of output tiles (fewer packs and handoffs per matmul), as tt-metal's
// hand-written matmuls' per-core blocks do.
//
// The rewrite is legal when every use of the coarsened block index is a
// global window offset that advances by the window's own extent per block,
// and every buffer dimension those windows scale is used only by ops that
// treat it element-wise or as a gemm's M or N (never a K, a reduced
// dimension, or an index a tl.parallel computes with).
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_TRANSFORMS_COARSENGRID_H
#define TILETT_TRANSFORMS_COARSENGRID_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::tilett {

/// Coarsens the tl.kernel grid of `func` along its first two dimensions
/// where that is legal (see above), at least one load is the same for
/// neighbouring blocks along the dimension (so a coarser block shares it),
/// and the blocks, dealt out over a grid of `coresX` x `coresY` cores, take
/// no more core time in units of the original block than before (ties go
/// to the coarser grid);
/// the coarser block's circular buffers (at the K step as written) must fit
/// in half of `l1Bytes`, leaving the K blocking room to widen its steps.
/// Returns the factors applied per grid dimension ({1, 1}: unchanged).
std::pair<int64_t, int64_t> coarsenKernelGrid(func::FuncOp func,
                                              int64_t l1Bytes, int64_t coresX,
                                              int64_t coresY);

/// Groups neighbouring blocks whose windows are thinner than a tile along a
/// dimension their block index moves (TileLang's one-row-per-block norms
/// and softmaxes): F blocks of r rows become one block of F * r rows, F the
/// smallest factor making every such dimension whole tiles. Tenstorrent
/// moves and computes whole 32x32 tiles, so this is what lets such a
/// kernel lower at all, whatever the schedule; every element is computed
/// by the same ops as before. Leaves the kernel unchanged where grouping
/// is not legal (see above) or the grid is not a multiple of F, for the
/// layout's window check to report.
LogicalResult groupThinBlocks(func::FuncOp func);

} // namespace mlir::tilett

#endif // TILETT_TRANSFORMS_COARSENGRID_H
