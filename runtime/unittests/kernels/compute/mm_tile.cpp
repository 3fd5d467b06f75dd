// C = A * B (or A * B^T per tile when compile-time arg 3 is 1) with the
// current matmul API: compute_kernel_hw_startup, matmul_init, matmul_tile.
#include <cstdint>

#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/matmul.h"
#include "api/compute/tile_move_copy.h"

void kernel_main() {
  constexpr uint32_t Mt = get_compile_time_arg_val(0);
  constexpr uint32_t Kt = get_compile_time_arg_val(1);
  constexpr uint32_t Nt = get_compile_time_arg_val(2);
  constexpr uint32_t transpose = get_compile_time_arg_val(3);
  constexpr uint32_t cb_a = tt::CBIndex::c_0, cb_b = tt::CBIndex::c_1;
  constexpr uint32_t cb_out = tt::CBIndex::c_16;
  compute_kernel_hw_startup(cb_a, cb_b, cb_out);
  // The init's transpose is deliberately the opposite: matmul_tile's own
  // argument must win.
  matmul_init(cb_a, cb_b, 1 - transpose);
  for (uint32_t t = 0; t < Mt * Nt; ++t) {
    tile_regs_acquire();
    for (uint32_t k = 0; k < Kt; ++k) {
      cb_wait_front(cb_a, 1);
      cb_wait_front(cb_b, 1);
      matmul_tile(cb_a, cb_b, 0, 0, 0, transpose);
      cb_pop_front(cb_a, 1);
      cb_pop_front(cb_b, 1);
    }
    tile_regs_commit();
    tile_regs_wait();
    cb_reserve_back(cb_out, 1);
    pack_tile(0, cb_out);
    cb_push_back(cb_out, 1);
    tile_regs_release();
  }
}
