// C = A + B for one tile, packed into the output CB without cb_reserve_back:
// the device allows it while the pages are free (as add_2_integers_in_compute
// does), so the emulator must too.
#include <cstdint>

#include "api/compute/eltwise_binary.h"
#include "api/compute/tile_move_copy.h"

void kernel_main() {
  constexpr auto cb_a = tt::CBIndex::c_0;
  constexpr auto cb_b = tt::CBIndex::c_1;
  constexpr auto cb_out = tt::CBIndex::c_16;
  binary_op_init_common(cb_a, cb_b, cb_out);
  add_tiles_init(cb_a, cb_b);
  cb_wait_front(cb_a, 1);
  cb_wait_front(cb_b, 1);
  tile_regs_acquire();
  add_tiles(cb_a, cb_b, 0, 0, 0);
  tile_regs_commit();
  tile_regs_wait();
  pack_tile(0, cb_out);
  tile_regs_release();
  cb_pop_front(cb_a, 1);
  cb_pop_front(cb_b, 1);
  cb_push_back(cb_out, 1);
}
