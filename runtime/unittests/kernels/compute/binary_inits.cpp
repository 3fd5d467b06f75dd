// A + B, A - B and A * B of one tile pair, each after its paired init
// (add_init / sub_init / mul_init), packed as three tiles of CB 16.
#include <cstdint>

#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/eltwise_binary.h"
#include "api/compute/tile_move_copy.h"

void kernel_main() {
  constexpr uint32_t cb_a = tt::CBIndex::c_0, cb_b = tt::CBIndex::c_1;
  constexpr uint32_t cb_out = tt::CBIndex::c_16;
  compute_kernel_hw_startup(cb_a, cb_b, cb_out);
  cb_wait_front(cb_a, 1);
  cb_wait_front(cb_b, 1);
  cb_reserve_back(cb_out, 3);
  for (uint32_t op = 0; op < 3; ++op) {
    if (op == 0)
      add_init(cb_a, cb_b);
    else if (op == 1)
      sub_init(cb_a, cb_b);
    else
      mul_init(cb_a, cb_b);
    tile_regs_acquire();
    if (op == 0)
      add_tiles(cb_a, cb_b, 0, 0, 0);
    else if (op == 1)
      sub_tiles(cb_a, cb_b, 0, 0, 0);
    else
      mul_tiles(cb_a, cb_b, 0, 0, 0);
    tile_regs_commit();
    tile_regs_wait();
    pack_tile(0, cb_out, op);
    tile_regs_release();
  }
  cb_push_back(cb_out, 3);
  cb_pop_front(cb_a, 1);
  cb_pop_front(cb_b, 1);
}
