// Compute of the 2-D multicast matmul: per K-block, each (sub_h x sub_w)
// output subblock accumulates Kb tile products in DST and is packed into its
// place in CB 16; from the second block on the packer adds to what is
// there (packer L1 accumulation), so partial sums never leave L1.
//
// Compile-time args: num_blocks, Mb, Nb, Kb, sub_h, sub_w.
#include <cstdint>

#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/matmul.h"
#include "api/compute/pack.h"

void kernel_main() {
  constexpr uint32_t num_blocks = get_compile_time_arg_val(0);
  constexpr uint32_t Mb = get_compile_time_arg_val(1);
  constexpr uint32_t Nb = get_compile_time_arg_val(2);
  constexpr uint32_t Kb = get_compile_time_arg_val(3);
  constexpr uint32_t sub_h = get_compile_time_arg_val(4);
  constexpr uint32_t sub_w = get_compile_time_arg_val(5);
  constexpr uint32_t cb_a = 0, cb_b = 1, cb_out = 16;
  compute_kernel_hw_startup(cb_a, cb_b, cb_out);
  mm_init(cb_a, cb_b, cb_out);
  cb_reserve_back(cb_out, Mb * Nb);
  for (uint32_t blk = 0; blk < num_blocks; ++blk) {
    cb_wait_front(cb_a, Mb * Kb);
    cb_wait_front(cb_b, Kb * Nb);
    if (blk == 1)
      pack_reconfig_l1_acc(1);
    for (uint32_t sh = 0; sh < Mb / sub_h; ++sh)
      for (uint32_t sw = 0; sw < Nb / sub_w; ++sw) {
        tile_regs_acquire();
        for (uint32_t k = 0; k < Kb; ++k)
          for (uint32_t h = 0; h < sub_h; ++h)
            for (uint32_t w = 0; w < sub_w; ++w)
              matmul_tiles(cb_a, cb_b, (sh * sub_h + h) * Kb + k,
                           k * Nb + sw * sub_w + w, h * sub_w + w);
        tile_regs_commit();
        tile_regs_wait();
        for (uint32_t h = 0; h < sub_h; ++h)
          for (uint32_t w = 0; w < sub_w; ++w)
            pack_tile<true>(h * sub_w + w, cb_out,
                            (sh * sub_h + h) * Nb + sw * sub_w + w);
        tile_regs_release();
      }
    cb_pop_front(cb_a, Mb * Kb);
    cb_pop_front(cb_b, Kb * Nb);
  }
  pack_reconfig_l1_acc(0);
  cb_push_back(cb_out, Mb * Nb);
}
