// C = A + B for this core's tiles.
#include <cstdint>
#include "compute_kernel_api.h"
#include "compute_kernel_api/common.h"
#include "compute_kernel_api/eltwise_binary.h"
#include "compute_kernel_api/tile_move_copy.h"

namespace NAMESPACE {
void MAIN {
  uint32_t n_tiles = get_arg_val<uint32_t>(0);
  constexpr auto cb_in0 = get_compile_time_arg_val(0);
  constexpr auto cb_in1 = get_compile_time_arg_val(1);
  constexpr auto cb_out0 = get_compile_time_arg_val(2);
  binary_op_init_common(cb_in0, cb_in1, cb_out0);
  add_tiles_init(cb_in0, cb_in1);
  for (uint32_t i = 0; i < n_tiles; i++) {
    cb_wait_front(cb_in0, 1);
    cb_wait_front(cb_in1, 1);
    tile_regs_acquire();
    add_tiles(cb_in0, cb_in1, 0, 0, 0);
    tile_regs_commit();
    cb_reserve_back(cb_out0, 1);
    tile_regs_wait();
    pack_tile(0, cb_out0);
    tile_regs_release();
    cb_push_back(cb_out0, 1);
    cb_pop_front(cb_in0, 1);
    cb_pop_front(cb_in1, 1);
  }
}
} // namespace NAMESPACE
