// C = A op B tile by tile, op by compile-time arg 0 (0 add, 1 mul, 2 sub),
// tile count by runtime arg 0: the program a mesh test runs on different
// chips with different ops.
#include <cstdint>

#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/eltwise_binary.h"
#include "api/compute/tile_move_copy.h"

void kernel_main() {
  constexpr uint32_t op = get_compile_time_arg_val(0);
  uint32_t n = get_arg_val<uint32_t>(0);
  constexpr uint32_t cb_a = tt::CBIndex::c_0, cb_b = tt::CBIndex::c_1;
  constexpr uint32_t cb_out = tt::CBIndex::c_16;
  compute_kernel_hw_startup(cb_a, cb_b, cb_out);
  if constexpr (op == 0)
    add_init(cb_a, cb_b);
  else if constexpr (op == 1)
    mul_init(cb_a, cb_b);
  else
    sub_init(cb_a, cb_b);
  for (uint32_t i = 0; i < n; ++i) {
    cb_wait_front(cb_a, 1);
    cb_wait_front(cb_b, 1);
    tile_regs_acquire();
    if constexpr (op == 0)
      add_tiles(cb_a, cb_b, 0, 0, 0);
    else if constexpr (op == 1)
      mul_tiles(cb_a, cb_b, 0, 0, 0);
    else
      sub_tiles(cb_a, cb_b, 0, 0, 0);
    tile_regs_commit();
    cb_pop_front(cb_a, 1);
    cb_pop_front(cb_b, 1);
    cb_reserve_back(cb_out, 1);
    tile_regs_wait();
    pack_tile(0, cb_out);
    tile_regs_release();
    cb_push_back(cb_out, 1);
  }
}
