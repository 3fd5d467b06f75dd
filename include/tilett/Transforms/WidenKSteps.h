//===- WidenKSteps.h - K blocking of pipelined GEMM loops ------*- C++ -*-===//
//
// A TileLang GEMM walks K in steps of its block_K (32 by default): each step
// loads an A and a B window and accumulates one gemm into C. On Tensix the
// accumulator leaves DST between steps, so every step reloads and repacks
// all of C: with one K tile per step that is a C tile unpacked and packed
// per matmul_tiles. Loading F consecutive windows at once and running one
// gemm over them computes the same sums in the same order (the partial sums
// round-trip through an fp32 or the accumulator's own format either way,
// exactly) while touching C F times less often, and makes each read burst F
// times longer. This is the K blocking of tt-metal's hand-written matmuls
// (in0_block_w), applied as a schedule: the program's meaning stays.
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_TRANSFORMS_WIDENKSTEPS_H
#define TILETT_TRANSFORMS_WIDENKSTEPS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::tilett {

/// K tiles a widened step covers by default (--k-block). Partial sums
/// stay in L1 (packer accumulation), so a step's fixed cost is one pack a
/// C tile, a few percent of 8 tiles' matmuls; what a longer step costs is
/// the first one, which every core waits for before it computes at all
/// (its senders read and multicast the whole step first). Measured on the
/// bench's GEMMs (bench/kernels, bf16 HiFi4, 128x128x32 blocks), 8 against
/// 16: n150 2048^3 318.5 / 331.5 us, 4096^3 2331.5 / 2337.7, 3584x3072x768
/// 329.7 / 334.5; p150 2048^3 223.3 / 225.5, 3584x3072x768 172.4 / 173.3.
constexpr int64_t kDefaultKBlockTiles = 8;

/// Widens the K step of every pipelined loop in `func` whose body is only
/// index arithmetic, loads of A and B windows that advance with the loop
/// by exactly their K extent, and one accumulating tl.gemm of them: the
/// loop step grows F-fold and the A and B buffers F-fold along K, with F
/// the largest divisor of the trip count such that a step covers at most
/// `targetKTiles` tiles of K and the circular buffers still fit in 3/4 of
/// `l1Bytes`, and each of the `cores` cores keeps a few steps to overlap
/// (kMinSteps, over its share of the blocks). `targetKTiles` <= 1 leaves
/// every loop as written. Returns the number of loops widened.
int64_t widenPipelinedKSteps(func::FuncOp func, int64_t targetKTiles,
                             int64_t l1Bytes, int64_t cores);

} // namespace mlir::tilett

#endif // TILETT_TRANSFORMS_WIDENKSTEPS_H
