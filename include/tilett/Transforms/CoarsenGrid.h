//===- CoarsenGrid.h - Several TileLang blocks as one per-core block -*- C++ -*-===//
//
// A TileLang block is the program's meaning, not the device's schedule. A
// GEMM in 128x128 blocks on a card with fewer cores than blocks runs
// several blocks per core one after another, and each reloads the operand
// windows it shares with its neighbours: blocks (bx, by) and (bx + 1, by)
// read the same A window. Running neighbouring blocks as one block F
// times as large along the grid dimension they share a load on computes
// every output element with the same sums in the same order, loads the
// shared window once for all of them, and gives the compute kernel longer
// rows of output tiles (fewer packs and handoffs per matmul), as
// tt-metal's hand-written matmuls' per-core blocks do. F need not be
// whole: windows of whole tiles can be regrouped at tile granularity (28
// blocks of 4 tile rows as 8 of 14, or 16 of 7), so that the per-core
// blocks divide the core grid evenly where the TileLang blocks do not.
//
// The rewrite is legal when every use of the coarsened block index is a
// global window offset that advances by the window's own extent per block,
// and every buffer dimension those windows scale is used only by ops that
// treat it element-wise or as a gemm's M or N (never a K, a reduced
// dimension, or an index a tl.parallel computes with).
//
#ifndef TILETT_TRANSFORMS_COARSENGRID_H
#define TILETT_TRANSFORMS_COARSENGRID_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::tilett {

/// Regroups the tl.kernel grid of `func` along its first two dimensions
/// where that is legal (see above) and at least one load is the same for
/// neighbouring blocks along the dimension (so a coarser block shares it).
/// The per-core block is the one a first-order model of the busiest core
/// of `coresX` x `coresY` ranks fastest (its tile products or the reads and
/// multicasts of its shared loads, whichever is longer, per block, plus
/// the output write after its last block; the arch is the module's
/// tt.arch); ties go to the coarser grid, then the squarer block. The
/// per-core block's circular buffers (at the K step as written) must fit
/// in half of `l1Bytes`, leaving the K blocking room to widen its steps.
/// Returns whether the grid changed.
bool coarsenKernelGrid(func::FuncOp func, int64_t l1Bytes, int64_t coresX,
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

/// Runs `fx` x `fy` neighbouring blocks along the tl.kernel grid's first
/// and second dimensions as one per-core block: the schedule a user or the
/// tuner forces instead of coarsenKernelGrid's model (1x1 changes nothing).
/// The same analysis decides legality and the same rewrite applies it; a
/// factor that does not divide the grid or along a dimension whose blocks
/// cannot be grouped (see above) is an error at the kernel, in the option's
/// terms. Runs after groupThinBlocks: a kernel of blocks thinner than a
/// tile counts its blocks as grouped into whole tiles.
LogicalResult applyBlockFactor(func::FuncOp func, int64_t fx, int64_t fy);

} // namespace mlir::tilett

#endif // TILETT_TRANSFORMS_COARSENGRID_H
