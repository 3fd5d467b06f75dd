// ttnn's compute-kernel library helper compute_kernel_lib::matmul_block
// (ttnn/cpp/ttnn/kernel_lib/matmul_block_helpers.hpp), which tt-metal's
// current matmul_multicore_reuse[_mcast] compute kernel calls instead of
// spelling out the blocked matmul itself.
//
// Written for the emulator from the helper's documented contract (its
// parameter structs, template parameters and CB protocol), on top of the
// emulator's compute API: it is here, on the kernel include path, because a
// device build of those examples has ttnn's headers on its include path too.
//
// What it computes, per batch slice: C[M x N] = A[M x K] * B[K x N] in tiles,
// K split into `num_blocks` blocks of in0.block_w tiles. For every K block it
// waits for one in0 block (in0.block_num_tiles tiles, row-major, in0.block_w
// wide) and one in1 block (in1.block_num_tiles tiles, row-major,
// in1.per_core_w wide), and computes the output one out.h x out.w subblock
// at a time in DST. Partial sums of a subblock leave DST through interm_cb
// (reserve/push) and come back at the next K block (wait/pop, "spill and
// reload"); the last K block packs the subblock's out.num_tiles tiles to
// out_cb in DST order. Subblocks go out in0-subblock-major, so out_cb sees
// subblock (0,0), (0,1), ... as the example writers expect.
#pragma once

#include <cstdint>

#include "api/compute/cb_api.h"
#include "api/compute/matmul.h"
#include "api/compute/pack.h"
#include "api/compute/reconfig_data_format.h"
#include "api/compute/reg_api.h"
#include "api/compute/tile_move_copy.h"
#include "api/debug/assert.h"

namespace compute_kernel_lib {

namespace matmul_block_config {

/// Which data-format reconfigurations the helper issues at its start
/// (unpacker: in0/in1; packer: out/interm). Cost only in the emulator.
enum class ReconfigureRegisterDatatypeMode : uint8_t {
  NoReconfigure,
  UnpackReconfigure,
  PackReconfigure,
  UnpackAndPackReconfigure
};

/// Whether the helper issues mm_block_init itself. There is no matmul uninit,
/// so the Uninit halves do nothing (as in ttnn).
enum class InitUninitMode : uint8_t { InitAndUninit, InitOnly, UninitOnly, Neither };

/// The A (in0) block. Field order is the one callers' designated
/// initialisers use.
struct In0BlockParams {
  uint32_t block_w;            ///< K tiles per block
  uint32_t num_subblocks;      ///< subblocks along M
  uint32_t block_num_tiles;    ///< tiles per in0 block (h * block_w * num_subblocks)
  uint32_t subblock_num_tiles; ///< tiles per in0 subblock (out.h * block_w)
};

/// The B (in1) block.
struct In1BlockParams {
  uint32_t num_subblocks;   ///< subblocks along N
  uint32_t block_num_tiles; ///< tiles per in1 block (out.w * block_w * num_subblocks)
  uint32_t per_core_w;      ///< tiles per in1 block row (out.w * num_subblocks)
};

/// The output subblock, which has to fit DST.
struct OutSubblockParams {
  uint32_t h;
  uint32_t w;
  uint32_t num_tiles; ///< h * w
};

/// Default post-compute step: nothing between the last K block's matmul and
/// its pack.
struct NoPostCompute {
  ALWI void operator()(uint32_t /*out_subblock_num_tiles*/) const {}
};

} // namespace matmul_block_config

template <uint32_t in0_cb, uint32_t in1_cb, uint32_t out_cb, uint32_t interm_cb,
          matmul_block_config::InitUninitMode init_uninit_mode =
              matmul_block_config::InitUninitMode::InitAndUninit,
          matmul_block_config::ReconfigureRegisterDatatypeMode reconfig_mode =
              matmul_block_config::ReconfigureRegisterDatatypeMode::
                  UnpackAndPackReconfigure,
          bool transpose = false,
          typename PostComputeFn = matmul_block_config::NoPostCompute>
ALWI void matmul_block(matmul_block_config::In0BlockParams in0,
                       matmul_block_config::In1BlockParams in1,
                       uint32_t num_blocks,
                       matmul_block_config::OutSubblockParams out,
                       uint32_t batch = 1, PostComputeFn post_compute = {}) {
  using namespace matmul_block_config;
  static_assert(out_cb != interm_cb,
                "matmul_block: interm_cb must differ from out_cb");
  // The caller's shape parameters are redundant; a mismatch would make the
  // wait/pop counts disagree with the producers and hang, so say which.
  ASSERT(out.num_tiles == out.h * out.w);
  ASSERT(in0.subblock_num_tiles == out.h * in0.block_w);
  ASSERT(in1.per_core_w == out.w * in1.num_subblocks);

  constexpr bool unpackReconfig =
      reconfig_mode == ReconfigureRegisterDatatypeMode::UnpackReconfigure ||
      reconfig_mode == ReconfigureRegisterDatatypeMode::UnpackAndPackReconfigure;
  constexpr bool packReconfig =
      reconfig_mode == ReconfigureRegisterDatatypeMode::PackReconfigure ||
      reconfig_mode == ReconfigureRegisterDatatypeMode::UnpackAndPackReconfigure;
  if constexpr (unpackReconfig)
    reconfig_data_format(in1_cb, in0_cb);
  if constexpr (packReconfig)
    pack_reconfig_data_format(out_cb);
  if constexpr (init_uninit_mode == InitUninitMode::InitAndUninit ||
                init_uninit_mode == InitUninitMode::InitOnly)
    mm_block_init(in0_cb, in1_cb, interm_cb, transpose, out.w, out.h,
                  in0.block_w);

  for (uint32_t b = 0; b < batch; ++b) {
    bool reload = false; // partial sums of this slice are in interm_cb
    for (uint32_t block = 0; block < num_blocks; ++block) {
      const bool last = block + 1 == num_blocks;
      cb_wait_front(in0_cb, in0.block_num_tiles);
      cb_wait_front(in1_cb, in1.block_num_tiles);
      for (uint32_t sh = 0; sh < in0.num_subblocks; ++sh) {
        for (uint32_t sw = 0; sw < in1.num_subblocks; ++sw) {
          tile_regs_acquire();
          if (reload) {
            copy_tile_to_dst_init_short_with_dt(in1_cb, interm_cb);
            cb_wait_front(interm_cb, out.num_tiles);
            for (uint32_t i = 0; i < out.num_tiles; ++i)
              copy_tile(interm_cb, i, i);
            cb_pop_front(interm_cb, out.num_tiles);
            mm_block_init_short_with_dt(in0_cb, in1_cb, interm_cb, transpose,
                                        out.w, out.h, in0.block_w);
          }
          // One matmul_block per K tile adds the whole h x w subblock.
          uint32_t in0_index = sh * in0.subblock_num_tiles;
          uint32_t in1_index = sw * out.w;
          for (uint32_t k = 0; k < in0.block_w; ++k) {
            ckernel::matmul_block(in0_cb, in1_cb, in0_index, in1_index, 0,
                                  transpose, out.w, out.h, in0.block_w);
            ++in0_index;
            in1_index += in1.per_core_w;
          }
          if (last)
            post_compute(out.num_tiles);
          tile_regs_commit();
          const uint32_t target = last ? out_cb : interm_cb;
          cb_reserve_back(target, out.num_tiles);
          tile_regs_wait();
          for (uint32_t i = 0; i < out.num_tiles; ++i)
            pack_tile(i, target);
          tile_regs_release();
          cb_push_back(target, out.num_tiles);
        }
      }
      if (num_blocks > 1)
        reload = true;
      cb_pop_front(in0_cb, in0.block_num_tiles);
      cb_pop_front(in1_cb, in1.block_num_tiles);
    }
  }
}

/// The helper's earlier positional spellings, which kernels written against
/// those revisions still use: every block parameter in order, or just the
/// counts (the tile totals follow from them).
template <uint32_t in0_cb, uint32_t in1_cb, uint32_t out_cb, uint32_t interm_cb>
ALWI void matmul_block(uint32_t in0_block_w, uint32_t in0_num_subblocks,
                       uint32_t in0_block_num_tiles, uint32_t in0_subblock_num_tiles,
                       uint32_t in1_num_subblocks, uint32_t in1_block_num_tiles,
                       uint32_t in1_per_core_w, uint32_t num_blocks,
                       uint32_t out_subblock_h, uint32_t out_subblock_w,
                       uint32_t out_subblock_num_tiles, uint32_t batch = 1) {
  matmul_block<in0_cb, in1_cb, out_cb, interm_cb>(
      {in0_block_w, in0_num_subblocks, in0_block_num_tiles, in0_subblock_num_tiles},
      {in1_num_subblocks, in1_block_num_tiles, in1_per_core_w}, num_blocks,
      {out_subblock_h, out_subblock_w, out_subblock_num_tiles}, batch);
}
template <uint32_t in0_cb, uint32_t in1_cb, uint32_t out_cb, uint32_t interm_cb>
ALWI void matmul_block(uint32_t in0_block_w, uint32_t in0_num_subblocks,
                       uint32_t in1_num_subblocks, uint32_t num_k_blocks,
                       uint32_t out_subblock_h, uint32_t out_subblock_w,
                       uint32_t batch = 1) {
  matmul_block<in0_cb, in1_cb, out_cb, interm_cb>(
      in0_block_w, in0_num_subblocks,
      out_subblock_h * in0_block_w * in0_num_subblocks, out_subblock_h * in0_block_w,
      in1_num_subblocks, out_subblock_w * in0_block_w * in1_num_subblocks,
      out_subblock_w * in1_num_subblocks, num_k_blocks, out_subblock_h,
      out_subblock_w, out_subblock_h * out_subblock_w, batch);
}

} // namespace compute_kernel_lib
