// Compute of the 2-D multicast matmul, with the partials handling of
// tt-metal's bmm_large_block_zm_fused_bias_activation under PACKER_L1_ACC:
// per K-block, each (sub_h x sub_w) output subblock accumulates Kb tile
// products in DST and is packed into the partials CB (24); from the second
// block on the packer adds to what is there (packer L1 accumulation), so
// partial sums never leave L1. After each block but the last two the kernel
// waits for and pops its own partials (so that the next block packs onto
// the same L1); after the second-to-last it keeps them, and the last block
// reloads each subblock's partials into DST before its products and packs
// the result into the output CB (16) without accumulation. The wait for
// its own partials is what tt-metal's kernel does too: UNPACK does not
// start a block before PACK has packed the previous one.
//
// Compile-time args: num_blocks, Mb, Nb, Kb, sub_h, sub_w.
#include <cstdint>

#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/matmul.h"
#include "api/compute/pack.h"
#include "api/compute/tile_move_copy.h"

void kernel_main() {
  constexpr uint32_t num_blocks = get_compile_time_arg_val(0);
  constexpr uint32_t Mb = get_compile_time_arg_val(1);
  constexpr uint32_t Nb = get_compile_time_arg_val(2);
  constexpr uint32_t Kb = get_compile_time_arg_val(3);
  constexpr uint32_t sub_h = get_compile_time_arg_val(4);
  constexpr uint32_t sub_w = get_compile_time_arg_val(5);
  constexpr uint32_t sub_tiles = sub_h * sub_w;
  constexpr uint32_t cb_a = 0, cb_b = 1, cb_out = 16, cb_partials = 24;
  compute_kernel_hw_startup(cb_a, cb_b, cb_partials);
  mm_init(cb_a, cb_b, cb_partials);
  bool reload = false;
  for (uint32_t blk = 0; blk < num_blocks; ++blk) {
    bool last = blk == num_blocks - 1;
    cb_wait_front(cb_a, Mb * Kb);
    cb_wait_front(cb_b, Kb * Nb);
    if (last)
      cb_reserve_back(cb_out, Mb * Nb);
    for (uint32_t sh = 0; sh < Mb / sub_h; ++sh)
      for (uint32_t sw = 0; sw < Nb / sub_w; ++sw) {
        tile_regs_acquire();
        if (reload) {
          // The sum of the earlier blocks, back into DST.
          copy_tile_to_dst_init_short_with_dt(cb_b, cb_partials);
          cb_wait_front(cb_partials, sub_tiles);
          copy_block_matmul_partials(cb_partials, 0, 0, sub_tiles);
          cb_pop_front(cb_partials, sub_tiles);
          mm_init_short(cb_a, cb_b);
        }
        for (uint32_t k = 0; k < Kb; ++k)
          for (uint32_t h = 0; h < sub_h; ++h)
            for (uint32_t w = 0; w < sub_w; ++w)
              matmul_tiles(cb_a, cb_b, (sh * sub_h + h) * Kb + k,
                           k * Nb + sw * sub_w + w, h * sub_w + w);
        tile_regs_commit();
        if (last) {
          tile_regs_wait();
          pack_reconfig_l1_acc(0);
          // Into its place in the row-major output block.
          for (uint32_t h = 0; h < sub_h; ++h)
            for (uint32_t w = 0; w < sub_w; ++w)
              pack_tile<true>(h * sub_w + w, cb_out,
                              (sh * sub_h + h) * Nb + sw * sub_w + w);
          tile_regs_release();
        } else {
          cb_reserve_back(cb_partials, sub_tiles);
          tile_regs_wait();
          if (blk < 2)
            pack_reconfig_l1_acc(blk); // overwrite, then accumulate
          for (uint32_t i = 0; i < sub_tiles; ++i)
            pack_tile(i, cb_partials);
          tile_regs_release();
          cb_push_back(cb_partials, sub_tiles);
        }
      }
    if (blk + 2 < num_blocks)
      for (uint32_t s = 0; s < Mb * Nb; s += sub_tiles) {
        cb_wait_front(cb_partials, sub_tiles);
        cb_pop_front(cb_partials, sub_tiles);
      }
    if (blk + 2 == num_blocks)
      reload = true;
    cb_pop_front(cb_a, Mb * Kb);
    cb_pop_front(cb_b, Kb * Nb);
  }
  cb_push_back(cb_out, Mb * Nb);
}
