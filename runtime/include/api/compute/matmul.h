// Tile matrix multiply into DST: DST[idst] += A * B (B optionally
// transposed), with the kernel's math fidelity.
#pragma once

#include "api/compute/common.h"

namespace ckernel {

ALWI void mm_init(uint32_t in0_cb_id = 0, uint32_t in1_cb_id = 1,
                  uint32_t out_cb_id = 16, const uint32_t transpose = 0) {
  (void)in0_cb_id, (void)in1_cb_id, (void)out_cb_id;
  ttemu::compute::setMatmulTranspose(transpose != 0);
  ttemu::compute::initOp();
}
ALWI void mm_init_short(uint32_t, uint32_t, const uint32_t transpose = 0) {
  ttemu::compute::setMatmulTranspose(transpose != 0);
  ttemu::compute::initOp();
}
ALWI void mm_init_short_with_dt(uint32_t, uint32_t, uint32_t,
                                const uint32_t transpose = 0) {
  ttemu::compute::setMatmulTranspose(transpose != 0);
  ttemu::compute::initOp();
}

/// Transpose of B as set by mm_init / mm_init_short.
ALWI void matmul_tiles(uint32_t in0_cb_id, uint32_t in1_cb_id,
                       uint32_t in0_tile_index, uint32_t in1_tile_index,
                       uint32_t idst) {
  ttemu::compute::matmulTiles(in0_cb_id, in1_cb_id, in0_tile_index,
                              in1_tile_index, idst,
                              ttemu::compute::matmulTranspose());
}
/// Older signature with an explicit transpose of B.
ALWI void matmul_tiles(uint32_t in0_cb_id, uint32_t in1_cb_id,
                       uint32_t in0_tile_index, uint32_t in1_tile_index,
                       uint32_t idst, const uint32_t transpose) {
  ttemu::compute::matmulTiles(in0_cb_id, in1_cb_id, in0_tile_index,
                              in1_tile_index, idst, transpose != 0);
}

// Current names (tt-metal moved from mm_init / matmul_tiles to these): the
// init only sets up matmul after compute_kernel_hw_startup, and matmul_tile
// takes B's transpose per call rather than from the init.
ALWI void matmul_init(uint32_t in0_cb_id, uint32_t in1_cb_id,
                      const uint32_t transpose = 0) {
  (void)in0_cb_id, (void)in1_cb_id;
  ttemu::compute::setMatmulTranspose(transpose != 0);
  ttemu::compute::initOp();
}
ALWI void matmul_init_reconfig_data_format(uint32_t in0_cb_id,
                                           uint32_t in1_cb_id, uint32_t,
                                           const uint32_t transpose = 0) {
  matmul_init(in0_cb_id, in1_cb_id, transpose);
}
ALWI void matmul_tile(uint32_t in0_cb_id, uint32_t in1_cb_id,
                      uint32_t in0_tile_index, uint32_t in1_tile_index,
                      uint32_t dest_tile_index, const uint32_t transpose = 0) {
  ttemu::compute::matmulTiles(in0_cb_id, in1_cb_id, in0_tile_index,
                              in1_tile_index, dest_tile_index, transpose != 0);
}

ALWI void mm_block_init(uint32_t in0_cb_id = 0, uint32_t in1_cb_id = 1,
                        uint32_t out_cb_id = 16, const uint32_t transpose = 0,
                        uint32_t ct_dim = 1, uint32_t rt_dim = 1,
                        uint32_t kt_dim = 1) {
  (void)in0_cb_id, (void)in1_cb_id, (void)out_cb_id, (void)ct_dim,
      (void)rt_dim, (void)kt_dim;
  ttemu::compute::setMatmulTranspose(transpose != 0);
  ttemu::compute::initOp();
}
ALWI void mm_block_init_short(uint32_t, uint32_t, const uint32_t transpose = 0,
                              uint32_t = 1, uint32_t = 1, uint32_t = 1) {
  ttemu::compute::setMatmulTranspose(transpose != 0);
  ttemu::compute::initOp();
}
ALWI void mm_block_init_short_with_dt(uint32_t, uint32_t, uint32_t,
                                      const uint32_t transpose = 0,
                                      uint32_t = 1, uint32_t = 1, uint32_t = 1) {
  ttemu::compute::setMatmulTranspose(transpose != 0);
  ttemu::compute::initOp();
}

ALWI void matmul_block_init(uint32_t in0_cb_id, uint32_t in1_cb_id,
                            const uint32_t transpose = 0,
                            uint32_t block_ct_dim = 1, uint32_t block_rt_dim = 1,
                            uint32_t block_kt_dim = 1) {
  (void)in0_cb_id, (void)in1_cb_id, (void)block_ct_dim, (void)block_rt_dim,
      (void)block_kt_dim;
  ttemu::compute::setMatmulTranspose(transpose != 0);
  ttemu::compute::initOp();
}
ALWI void matmul_block_init_reconfig_data_format(
    uint32_t in0_cb_id, uint32_t in1_cb_id, uint32_t,
    const uint32_t transpose = 0, uint32_t block_ct_dim = 1,
    uint32_t block_rt_dim = 1, uint32_t block_kt_dim = 1) {
  matmul_block_init(in0_cb_id, in1_cb_id, transpose, block_ct_dim,
                    block_rt_dim, block_kt_dim);
}

/// rt_dim x ct_dim output tiles DST[idst + r*ct_dim + c] += A[in0_tile_index +
/// r*kt_dim] * B[in1_tile_index + c].
ALWI void matmul_block(uint32_t in0_cb_id, uint32_t in1_cb_id,
                       uint32_t in0_tile_index, uint32_t in1_tile_index,
                       uint32_t idst, const uint32_t transpose, uint32_t ct_dim,
                       uint32_t rt_dim, uint32_t kt_dim) {
  ttemu::compute::matmulBlock(in0_cb_id, in1_cb_id, in0_tile_index,
                              in1_tile_index, idst, transpose != 0, ct_dim,
                              rt_dim, kt_dim);
}

} // namespace ckernel
